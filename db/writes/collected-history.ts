import { sql } from 'kysely';
import type { Db } from '../database';

/**
 * Records where the collected history of repositories or PagerDuty services starts, after a
 * sync that read back to `since`. The first sync sets it; a full sync can only move it earlier
 * (rows already collected stay); an incremental sync, which reads only from its cursor, keeps it.
 * @example await recordHistoryFrom(db, 'repositories', [7], '2026-06-05T00:00:00Z', { full: false })
 */
export async function recordHistoryFrom(
  db: Db,
  table: 'repositories' | 'pagerduty_services',
  ids: readonly (number | string)[] | 'all',
  since: Date | string,
  options: { full: boolean },
): Promise<void> {
  if (ids !== 'all' && ids.length === 0) return;
  const at = new Date(since);
  let query = db.updateTable(table).set({
    history_from: options.full
      ? sql<Date>`least(coalesce(history_from, ${at}), ${at})`
      : sql<Date>`coalesce(history_from, ${at})`,
  } as never);
  if (ids !== 'all') query = query.where('id', 'in', ids as never) as typeof query;
  await query.execute();
}
