import { sql } from 'kysely';
import type { Db } from '../../db/database';

export interface SnapshotRow {
  day: string;
  checkId: string;
  definitionHash: string;
  level: string;
  weight: number;
  lastSeenAt: Date;
  serviceIds: number[];
  codes: number[];
}

/** Daily snapshots of a scorecard's checks (every version) between two UTC days, inclusive. */
export async function getSnapshots(
  db: Db,
  scorecardId: string,
  range: { from: string; to: string; checkId?: string; checkIds?: readonly string[] },
): Promise<SnapshotRow[]> {
  let query = db
    .selectFrom('scorecard_snapshots as s')
    .innerJoin('scorecard_checks as c', 'c.id', 's.check_key')
    .innerJoin('scorecard_service_sets as set', 'set.id', 's.service_set_id')
    .select([
      sql<string>`s.day::text`.as('day'),
      'c.check_id',
      'c.definition_hash',
      'c.level',
      'c.weight',
      'c.last_seen_at',
      'set.service_ids',
      's.states',
    ])
    .where('c.scorecard_id', '=', scorecardId)
    .where('s.day', '>=', range.from)
    .where('s.day', '<=', range.to)
    .orderBy('s.day')
    .orderBy('c.check_id');
  if (range.checkId) query = query.where('c.check_id', '=', range.checkId);
  if (range.checkIds) query = query.where('c.check_id', 'in', [...range.checkIds]);
  const rows = await query.execute();
  return rows.map((r) => ({
    day: r.day,
    checkId: r.check_id,
    definitionHash: r.definition_hash,
    level: r.level,
    weight: r.weight,
    lastSeenAt: r.last_seen_at,
    serviceIds: r.service_ids,
    codes: [...r.states],
  }));
}

/**
 * One row per check and day: when a rule changed during a day, both versions were
 * snapshotted; the version seen last wins for that day's rollups.
 */
export function latestVersionPerDay(rows: readonly SnapshotRow[]): SnapshotRow[] {
  const byKey = new Map<string, SnapshotRow>();
  for (const r of rows) {
    const key = `${r.day}\u0000${r.checkId}`;
    const seen = byKey.get(key);
    if (!seen || r.lastSeenAt > seen.lastSeenAt) byKey.set(key, r);
  }
  return [...byKey.values()];
}
