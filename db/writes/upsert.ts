import { sql } from 'kysely';
import type { Db } from '../database';
import type { Database } from '../schema';

const BATCH_ROWS = 500;

/**
 * Multi-row `insert … on conflict (key) do update` in batches: the single write path of
 * every collector, so rerunning a page changes nothing. Rows repeated within a batch keep
 * the last copy (PostgreSQL refuses to update one row twice in a statement).
 */
export async function upsertRows<T extends keyof Database & string>(
  db: Db,
  table: T,
  rows: readonly Record<string, unknown>[],
  keyColumns: readonly string[],
  options: { batchRows?: number; preserveColumns?: readonly string[] } = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const deduped = [...new Map(rows.map((row) => [keyColumns.map((c) => String(row[c])).join('\u0000'), row])).values()];
  const columns = Object.keys(deduped[0]!);
  const updatable = columns.filter((c) => !keyColumns.includes(c) && !(options.preserveColumns ?? []).includes(c));
  let written = 0;
  for (let i = 0; i < deduped.length; i += batchRows) {
    const batch = deduped.slice(i, i + batchRows);
    const query = (db as Db)
      .insertInto(table)
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one generic writer over every table
      .values(batch as any)
      .onConflict((oc) => {
        const target = oc.columns(keyColumns as never);
        if (updatable.length === 0) return target.doNothing();
        return target.doUpdateSet(Object.fromEntries(updatable.map((c) => [c, sql.ref(`excluded.${c}`)])) as never);
      });
    const result = await query.executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return written;
}
