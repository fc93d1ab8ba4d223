import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { upsertRows } from '../db/writes/upsert';
import { setSetting } from '../db/writes/settings';
import type { LoadedCheck, LoadedScorecards } from './load-scorecards';
import type { ResolvedResult } from './resolve-state';
import { encodeState } from './states';

export const SCORECARDS_HASH_SETTING = 'scorecards-file-hash';
export const SCORECARDS_EVALUATED_SETTING = 'scorecards-evaluated-at';

export type ResultRow = ResolvedResult & { scorecardId: string; check: LoadedCheck; serviceId: number };

/** The UTC calendar day of an instant, as YYYY-MM-DD. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/**
 * Stores one evaluation: the check versions seen, the latest results (replacing the
 * previous ones) and today's snapshot per check version (a later evaluation the same
 * day replaces it), all in one transaction.
 */
export async function persistEvaluation(
  db: Db,
  scorecards: LoadedScorecards,
  rows: readonly ResultRow[],
  at: Date,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const key = await recordCheckVersions(trx, scorecards, at, ['first_seen_at']);

    await trx.deleteFrom('scorecard_results').execute();
    await upsertRows(
      trx,
      'scorecard_results',
      rows.map((r) => ({
        scorecard_id: r.scorecardId,
        check_id: r.check.id,
        service_id: r.serviceId,
        check_key: key(r),
        state: r.state,
        outcome: r.outcome,
        reason: r.reason,
        exemption: r.exemption ? JSON.stringify(r.exemption) : null,
        evaluated_at: at,
      })),
      ['scorecard_id', 'check_id', 'service_id'],
    );
    await writeSnapshots(trx, utcDay(at), snapshotsOf(rows, key));
    await setSetting(trx, SCORECARDS_HASH_SETTING, scorecards.fileHash);
    await setSetting(trx, SCORECARDS_EVALUATED_SETTING, at.toISOString());
  });
}

/**
 * Stores the snapshots of past days evaluated after the fact, in one transaction. The check
 * versions they used keep their last-seen time (that orders versions within a day); their
 * first-seen time moves back to the earliest of those days when it is earlier.
 */
export async function persistPastSnapshots(
  db: Db,
  scorecards: LoadedScorecards,
  days: readonly { at: Date; rows: readonly ResultRow[] }[],
): Promise<void> {
  if (days.length === 0) return;
  const earliest = new Date(Math.min(...days.map((d) => d.at.getTime())));
  await db.transaction().execute(async (trx) => {
    const key = await recordCheckVersions(trx, scorecards, earliest, ['first_seen_at', 'last_seen_at']);
    const used = [...new Set(days.flatMap((d) => d.rows.map(key)))];
    if (used.length)
      await trx
        .updateTable('scorecard_checks')
        .set({ first_seen_at: sql`least(first_seen_at, ${earliest})` })
        .where('id', 'in', used)
        .execute();
    for (const { at, rows } of days) await writeSnapshots(trx, utcDay(at), snapshotsOf(rows, key));
  });
}

/** Upserts the scorecards' check versions; returns each result's check-version key. */
async function recordCheckVersions(
  trx: Db,
  scorecards: LoadedScorecards,
  at: Date,
  preserveColumns: ('first_seen_at' | 'last_seen_at')[],
) {
  const checks = scorecards.scorecards.flatMap((card) => card.checks.map((check) => ({ card: card.id, check })));
  await upsertRows(
    trx,
    'scorecard_checks',
    checks.map(({ card, check }) => ({
      scorecard_id: card,
      check_id: check.id,
      definition_hash: check.definitionHash,
      level: check.level,
      weight: check.weight,
      category: check.category ?? null,
      definition: JSON.stringify({
        name: check.name,
        rule: check.rule,
        filter: check.filter ?? null,
        enforcedFrom: check.enforcedFrom ?? null,
      }),
      first_seen_at: at,
      last_seen_at: at,
    })),
    ['scorecard_id', 'check_id', 'definition_hash'],
    { preserveColumns },
  );
  const keys = await trx
    .selectFrom('scorecard_checks')
    .select(['id', 'scorecard_id', 'check_id', 'definition_hash'])
    .execute();
  const keyOf = new Map(keys.map((k) => [`${k.scorecard_id}\u0000${k.check_id}\u0000${k.definition_hash}`, k.id]));
  return (r: ResultRow) => keyOf.get(`${r.scorecardId}\u0000${r.check.id}\u0000${r.check.definitionHash}`)!;
}

function snapshotsOf(rows: readonly ResultRow[], key: (r: ResultRow) => number) {
  const byKey = new Map<number, ResultRow[]>();
  for (const r of rows) {
    const list = byKey.get(key(r));
    if (list) list.push(r);
    else byKey.set(key(r), [r]);
  }
  return [...byKey.entries()].map(([checkKey, list]) => ({
    checkKey,
    cells: list.map((r) => ({ serviceId: r.serviceId, code: encodeState(r.state, r.outcome) })),
  }));
}

/**
 * Writes one day's snapshot rows: per check version, one byte per service against a
 * service set stored once (sets rarely change between days).
 */
export async function writeSnapshots(
  db: Db,
  day: string,
  snapshots: readonly { checkKey: number; cells: readonly { serviceId: number; code: number }[] }[],
): Promise<void> {
  const sets = new Map<string, number[]>();
  const rows = snapshots.map(({ checkKey, cells }) => {
    const sorted = [...cells].sort((a, b) => a.serviceId - b.serviceId);
    const serviceIds = sorted.map((c) => c.serviceId);
    const hash = createHash('sha256').update(serviceIds.join(',')).digest('hex').slice(0, 24);
    sets.set(hash, serviceIds);
    return { checkKey, hash, states: Buffer.from(sorted.map((c) => c.code)) };
  });
  if (rows.length === 0) return;
  await upsertRows(
    db,
    'scorecard_service_sets',
    [...sets].map(([hash, service_ids]) => ({ hash, service_ids })),
    ['hash'],
    { preserveColumns: ['service_ids'] },
  );
  const setIds = new Map(
    (
      await db
        .selectFrom('scorecard_service_sets')
        .select(['id', 'hash'])
        .where('hash', 'in', [...sets.keys()])
        .execute()
    ).map((r) => [r.hash, r.id]),
  );
  await upsertRows(
    db,
    'scorecard_snapshots',
    rows.map((r) => ({ check_key: r.checkKey, day, service_set_id: setIds.get(r.hash)!, states: r.states })),
    ['check_key', 'day'],
  );
}
