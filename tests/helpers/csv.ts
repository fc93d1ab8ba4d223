import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The third-party fixtures folder beside the checkout (`../shared/fixtures`). */
export const FIXTURES = path.resolve(import.meta.dirname, '../../../shared/fixtures');

/** Reads a fixture CSV under ../shared/fixtures into header-keyed records. */
export function readCsv(file: string): Record<string, string>[] {
  return parseCsv(readFileSync(path.join(FIXTURES, file), 'utf8'));
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) into header-keyed rows. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return data.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}
