import { sql } from 'kysely';
import type { Db } from '../db/database';
import { startOfUtcDay } from '../lib/clock';
import type { LoadedConfig } from '../lib/config';
import type { GetDoraFigures } from './dora-contract';
import { evaluateSubjects } from './evaluate-scorecards';
import type { LoadedScorecards } from './load-scorecards';
import { persistPastSnapshots } from './persist-evaluation';
import { loadServiceSubjects, type RepositoryFacts, type ServiceSubject } from './service-subjects';

/**
 * Scorecard history for past days that have recorded repository facts
 * (`repository_fact_history`) but no snapshot: each such day is evaluated as of its
 * recorded instant, against the facts of then and the delivery metrics as of then. The
 * demo organisation, generated in one go, gets its six months of history this way.
 * Returns the number of days written; a day that has a snapshot is never re-evaluated.
 * @example await backfillFromFactHistory(db, loaded, { metrics: getDoraFigures, scorecards, today: now() })
 */
export async function backfillFromFactHistory(
  db: Db,
  loaded: LoadedConfig,
  { metrics, scorecards, today }: { metrics: GetDoraFigures; scorecards: LoadedScorecards; today: Date },
): Promise<number> {
  if (!scorecards.present) return 0;
  // The last recorded instant of each past day without a snapshot.
  const { rows: days } = await sql<{ at: Date }>`
    select max(h.collected_at) as at from repository_fact_history h
    where h.collected_at < ${startOfUtcDay(today)}
      and not exists (select 1 from scorecard_snapshots s where s.day = (h.collected_at at time zone 'UTC')::date)
    group by (h.collected_at at time zone 'UTC')::date
    order by 1`.execute(db);
  if (days.length === 0) return 0;
  const subjects = await loadServiceSubjects(db);
  const evaluated = [];
  for (const { at } of days)
    evaluated.push({
      at,
      rows: await evaluateSubjects(db, loaded, metrics, scorecards, await subjectsAsOf(db, subjects, at), at),
    });
  await persistPastSnapshots(db, scorecards, evaluated);
  return days.length;
}

/** The services with each repository's latest recorded facts at `at` (none recorded: no facts, so facts rules say no data). */
async function subjectsAsOf(db: Db, subjects: readonly ServiceSubject[], at: Date): Promise<ServiceSubject[]> {
  const rows = await db
    .selectFrom('repository_fact_history')
    .distinctOn('repository_id')
    .select(['repository_id', 'collected_at', 'facts'])
    .where('collected_at', '<=', at)
    .orderBy('repository_id')
    .orderBy('collected_at', 'desc')
    .execute();
  const byRepo = new Map(rows.map((r) => [r.repository_id, r]));
  return subjects.map((s) => ({
    ...s,
    repositories: s.repositories.map((r) => {
      const then = byRepo.get(r.id);
      return {
        ...r,
        collectedAt: then?.collected_at ?? null,
        facts: (then?.facts as RepositoryFacts | undefined) ?? null,
      };
    }),
  }));
}
