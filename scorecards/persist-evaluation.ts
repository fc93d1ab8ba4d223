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
export async function persistEvaluation(db: Db, scorecards: LoadedScorecards, rows: readonly ResultRow[], at: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
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
        definition: JSON.stringify({ name: check.name, rule: check.rule, filter: check.filter ?? null, enforcedFrom: check.enforcedFrom ?? null }),
        first_seen_at: at,
        last_seen_at: at,
      })),
      ['scorecard_id', 'check_id', 'definition_hash'],
      { preserveColumns: ['first_seen_at'] },
    );
    const keys = await trx.selectFrom('scorecard_checks').select(['id', 'scorecard_id', 'check_id', 'definition_hash']).execute();
    const keyOf = new Map(keys.map((k) => [`${k.scorecard_id}\u0000${k.check_id}\u0000${k.definition_hash}`, k.id]));
    const key = (r: ResultRow) => keyOf.get(`${r.scorecardId}\u0000${r.check.id}\u0000${r.check.definitionHash}`)!;

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

    const byKey = new Map<number, ResultRow[]>();
    for (const r of rows) byKey.set(key(r), [...(byKey.get(key(r)) ?? []), r]);
    const day = utcDay(at);
    await upsertRows(
      trx,
      'scorecard_snapshots',
      [...byKey.entries()].map(([checkKey, list]) => {
        const sorted = [...list].sort((a, b) => a.serviceId - b.serviceId);
        return { check_key: checkKey, day, service_ids: sorted.map((r) => r.serviceId), states: sorted.map((r) => encodeState(r.state, r.outcome)) };
      }),
      ['check_key', 'day'],
    );
    await setSetting(trx, SCORECARDS_HASH_SETTING, scorecards.fileHash);
    await setSetting(trx, SCORECARDS_EVALUATED_SETTING, at.toISOString());
  });
}
