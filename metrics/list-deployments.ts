import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { Window } from './dora-figures';
import { SAMPLES } from './dora-samples';
import type { ResolvedScope } from './scope';

export interface ListPage {
  limit: number;
  /** Keyset position: [deployedAt ISO, id] of the last row of the previous page. */
  after: (string | number)[] | null;
}

const seconds = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 1000 : null);

/**
 * Production deployments of a scope with deploy time in the window, newest first, with
 * everything behind their figures: changes, failure reasons and the incident, rollback or
 * revert behind each, recovery and rework.
 */
export async function listDeployments(
  db: Db,
  scope: ResolvedScope,
  window: Window,
  filter: { failed?: boolean; rework?: boolean },
  page: ListPage,
) {
  let query = db
    .selectFrom('derived_deployments as d')
    .innerJoin('repositories as r', 'r.id', 'd.repository_id')
    .selectAll('d')
    .select('r.full_name as repository')
    .select((eb) => [
      eb
        .selectFrom('derived_changes as c')
        .whereRef('c.deployment_id', '=', 'd.id')
        .where(SAMPLES.lead.where)
        .select(sql<number | null>`percentile_cont(0.5) within group (order by ${SAMPLES.lead.value})`.as('m'))
        .as('medianLeadTimeSeconds'),
      sql<
        string[]
      >`coalesce((select array_agg(s.slug order by s.slug) from service_repositories sr join services s on s.id = sr.service_id where sr.repository_id = d.repository_id), '{}')`.as(
        'services',
      ),
    ])
    .where('d.repository_id', 'in', scope.repositoryIds.length ? scope.repositoryIds : [-1])
    .where('d.deployed_at', '>=', window.from)
    .where('d.deployed_at', '<', window.to)
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(page.limit + 1);
  if (filter.failed !== undefined) query = query.where('d.failed', '=', filter.failed);
  if (filter.rework !== undefined) query = query.where('d.rework', '=', filter.rework);
  if (page.after) {
    const [at, id] = page.after as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('d.deployed_at', '<', new Date(at)),
        eb.and([eb('d.deployed_at', '=', new Date(at)), eb('d.id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, page.limit).map((d) => ({
    id: d.id,
    repository: d.repository,
    services: d.services,
    environment: d.environment,
    kind: d.kind,
    commit: d.commit_oid,
    deployedAt: d.deployed_at.toISOString(),
    baseline: d.is_baseline,
    previousDeployment: d.previous_id,
    commits: d.commit_count,
    changes: d.change_count,
    medianLeadTimeSeconds: d.medianLeadTimeSeconds === null ? null : Number(d.medianLeadTimeSeconds),
    failed: d.failed,
    failureReasons: d.failure_reasons,
    incidents: d.incident_keys,
    rolledBackBy: d.rolled_back_by,
    revertedBy: d.reverted_by,
    recoveredAt: d.recovered_at?.toISOString() ?? null,
    recoverySeconds: d.failed ? seconds(d.deployed_at, d.recovered_at) : null,
    rework: d.rework,
    reworkReasons: d.rework_reasons,
    rollbackOf: d.rollback_of,
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last ? [last.deployedAt, last.id] : null };
}

export type DeploymentRow = Awaited<ReturnType<typeof listDeployments>>['items'][number];
