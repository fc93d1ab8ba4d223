import { sql } from 'kysely';
import type { Db } from '../db/database';
import { scopeMembers } from './scope-members';
import type { ResolvedScope } from './scope';

/**
 * Where a scope's collected history starts: the latest start among its repositories and
 * PagerDuty services (before it, some of them were not collected yet); null when none of them
 * records one. See docs/metrics.md, "Coverage and small samples".
 * @example await getCoverageStart(db, resolved) // → 2026-06-05T00:00:00.000Z
 */
export async function getCoverageStart(db: Db, scope: ResolvedScope): Promise<Date | null> {
  return (await getCoverageStarts(db, [scope]))[0]!;
}

/** getCoverageStart of many scopes (every team's), in one query. */
export async function getCoverageStarts(db: Db, scopes: readonly ResolvedScope[]): Promise<(Date | null)[]> {
  const { repositories, pagerdutyServices } = scopeMembers(scopes);
  const { rows } = await sql<{ scope: number; history_from: Date | null }>`
    select scope, max(history_from) as history_from from (
      select m.scope, r.history_from from ${repositories} m join repositories r on r.id = m.repository_id
      union all
      select m.scope, p.history_from from ${pagerdutyServices} m join pagerduty_services p on p.id = m.pagerduty_service_id
    ) starts group by scope`.execute(db);
  const byScope = new Map(rows.map((r) => [r.scope, r.history_from]));
  return scopes.map((_, i) => {
    const start = byScope.get(i);
    return start ? new Date(start) : null;
  });
}
