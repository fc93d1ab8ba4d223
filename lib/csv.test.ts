import { describe, expect, it } from 'vitest';
import { csvCell, csvStream, toCsv } from './csv';

describe('CSV cells', () => {
  it.each<[unknown, string]>([
    ['=HYPERLINK("https://evil.test","click")', `"'=HYPERLINK(""https://evil.test"",""click"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    [['=a', 'b'], "'=a;b"],
    ['a=b', 'a=b'],
    ['plain, with comma', '"plain, with comma"'],
    [-30, '-30'],
    [0.25, '0.25'],
    [true, 'true'],
    [null, ''],
    [{ a: 1 }, '"{""a"":1}"'],
    [[{ a: 1 }, { b: '=2' }], '"{""a"":1};{""b"":""=2""}"'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes a header and one line per row', () => {
    expect(toCsv([{ id: 1, title: '=1+1' }])).toBe("id,title\r\n1,'=1+1\r\n");
    expect(toCsv([])).toBe('');
  });

  it('streams every page, skipping empty ones, with one header', async () => {
    async function* pages() {
      yield [{ n: 1 }, { n: 2 }];
      yield [];
      yield [{ n: 3 }];
    }
    expect(await new Response(csvStream(pages())).text()).toBe('n\r\n1\r\n2\r\n3\r\n');
  });
});
