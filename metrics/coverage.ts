import { sql } from 'kysely';
import type { Db } from '../db/database';
import { incidentServiceInScope, repositoryInScope, type ResolvedScope } from './scope';

/**
 * Where a scope's collected history starts: the latest start among its repositories and
 * PagerDuty services (before it, some of them were not collected yet); null when none of them
 * records one. See docs/metrics.md, "Coverage and small samples".
 * @example await getCoverageStart(db, resolved) // → 2026-06-05T00:00:00.000Z
 */
export async function getCoverageStart(db: Db, scope: ResolvedScope): Promise<Date | null> {
  const row = await db
    .selectNoFrom([
      sql<Date | null>`(select max(r.history_from) from repositories r where ${repositoryInScope('r', scope, 'id')})`.as(
        'repositories',
      ),
      sql<Date | null>`(select max(p.history_from) from pagerduty_services p where ${incidentServiceInScope(scope, 'p.id')})`.as(
        'pagerduty',
      ),
    ])
    .executeTakeFirstOrThrow();
  const starts = [row.repositories, row.pagerduty].filter((d): d is Date => d !== null).map((d) => new Date(d));
  return starts.length ? new Date(Math.max(...starts.map((d) => d.getTime()))) : null;
}
