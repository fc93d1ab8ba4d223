import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** RFC 4180 CSV (quoted fields, doubled quotes, embedded newlines) into records by header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== '');
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ''])));
}

/** The shared fixtures: `PAVED_FIXTURES`, else `../shared/fixtures` beside the checkout, else /work/shared/fixtures. */
export const FIXTURES =
  process.env.PAVED_FIXTURES ??
  [path.resolve(__dirname, '../../../shared/fixtures'), '/work/shared/fixtures'].find((p) => existsSync(p)) ??
  '/work/shared/fixtures';

/** The `data` column of a DevLake raw table: one GitHub API item per row. */
export function readRawItems<T = Record<string, unknown>>(relativePath: string): T[] {
  return parseCsv(readFileSync(`${FIXTURES}/${relativePath}`, 'utf8')).map((r) => JSON.parse(r.data!) as T);
}

/** A fixture CSV under the shared fixtures folder, as header-keyed records. */
export function readCsv(relativePath: string): Record<string, string>[] {
  return parseCsv(readFileSync(`${FIXTURES}/${relativePath}`, 'utf8'));
}
