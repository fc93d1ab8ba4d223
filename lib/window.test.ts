import { describe, expect, it } from 'vitest';
import { resolveWindow, windowBound, type WindowBound } from './window';

const at = new Date('2026-06-01T12:00:00Z');
const bound = (text: string): WindowBound => windowBound.parse(text);
const iso = (r: ReturnType<typeof resolveWindow>) => (r.ok ? [r.from.toISOString(), r.to.toISOString()] : r.message);

describe('windowBound', () => {
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-04-31', '0000-01-01', '0001-01-01', '1969-12-31'])(
    'refuses %s',
    (text) => expect(windowBound.safeParse(text).success).toBe(false),
  );
  it.each([
    '2026-01-31T25:00:00Z',
    '2026-01-31T12:00:00', // no offset: whose noon?
    '2026-01-31T12:00:00+0200',
    '0001-01-01T00:00:00Z',
    '2026-01-31 ',
    '',
  ])('refuses %j', (text) => expect(windowBound.safeParse(text).success).toBe(false));

  it('reads days as days and instants as instants', () => {
    expect(bound('2024-02-29')).toEqual({ day: '2024-02-29' });
    expect(bound('2026-01-31T14:00:00.5+02:00')).toEqual({ instant: new Date('2026-01-31T12:00:00.500Z') });
  });
});

describe('resolveWindow', () => {
  it.each([
    [{}, ['2026-03-03T00:00:00.000Z', '2026-06-01T00:00:00.000Z']],
    // A date-only `to` covers its whole day; an instant is exact.
    [{ from: '2026-07-01', to: '2025-09-30' }, 'from must be before to'],
    [{ from: '2025-07-01', to: '2025-09-30' }, ['2025-07-01T00:00:00.000Z', '2025-10-01T00:00:00.000Z']],
    [
      { from: '2025-07-01T00:00:00Z', to: '2025-09-30T00:00:00Z' },
      ['2025-07-01T00:00:00.000Z', '2025-09-30T00:00:00.000Z'],
    ],
    [{ from: '2026-05-31', to: '2026-05-31' }, ['2026-05-31T00:00:00.000Z', '2026-06-01T00:00:00.000Z']],
    // Today has not finished: a window through today ends now, one that starts later stays as asked.
    [{ from: '2026-05-01', to: '2026-06-01' }, ['2026-05-01T00:00:00.000Z', '2026-06-01T12:00:00.000Z']],
    [{ from: '2026-07-01', to: '2026-07-31' }, ['2026-07-01T00:00:00.000Z', '2026-08-01T00:00:00.000Z']],
    [{ to: '2026-03-31' }, ['2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']],
    [{ from: '2026-05-01' }, ['2026-05-01T00:00:00.000Z', '2026-06-01T12:00:00.000Z']],
    [{ from: '2024-01-01', to: '2025-12-31' }, ['2024-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']],
    [{ from: '2024-01-01', to: '2026-01-01' }, 'the window may span at most 731 days'],
    [{ from: '2026-05-01T00:00:00Z', to: '2026-05-01T00:00:00Z' }, 'from must be before to'],
  ])('%j → %j', (given, expected) => {
    const bounds = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, bound(v)]));
    expect(iso(resolveWindow(bounds, at))).toEqual(expected);
  });
});
