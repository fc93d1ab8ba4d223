import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { countedIncident, serviceAttributionHours } from './derive/incident-filter';
import type { Window } from './dora-figures';
import type { deploymentRow } from './responses';
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
 * revert behind each, recovery and rework, and the people's corrections that changed them.
 */
export async function listDeployments(
  db: Db,
  config: PavedConfig,
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
  const corrections = await correctionsOf(
    db,
    config,
    rows.slice(0, page.limit).map((d) => d.id),
  );
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
    corrections: corrections.get(d.id) ?? [],
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last ? [last.deployedAt, last.id] : null };
}

/** An incident override that changed a deployment's attribution: one it attached here, or one it took away. */
type DeploymentCorrection = z.infer<typeof deploymentRow>['corrections'][number];

/**
 * The overrides that changed each deployment's incidents: `attach` overrides naming it, and
 * overrides of incidents the attribution rule (metrics/derive/attribute-failures.ts) would give it
 * — a counted incident of a service it deploys, created at or after it, before that service's
 * next production deployment and within the service's attribution window — that say "not caused
 * by a change" or name another deployment.
 */
async function correctionsOf(
  db: Db,
  config: PavedConfig,
  ids: readonly string[],
): Promise<Map<string, DeploymentCorrection[]>> {
  const out = new Map<string, DeploymentCorrection[]>();
  if (ids.length === 0) return out;
  const own = [...serviceAttributionHours(config)];
  const global = config.metrics.incidentAttributionWindowHours;
  const windowHours = own.length
    ? sql`case s.slug ${sql.join(
        own.map(([slug, hours]) => sql`when ${slug} then ${hours}::float8`),
        sql` `,
      )} else ${global}::float8 end`
    : sql`${global}::float8`;
  const { rows } = await sql<{
    deployment: string;
    incident: string;
    effect: 'attached' | 'removed';
    action: 'not_caused_by_change' | 'attach';
    reason: string;
    by: string;
    at: Date;
  }>`
    select d.id as deployment, o.source || ':' || o.external_id as incident, 'attached' as effect,
           o.action, o.reason, o.created_by as by, o.created_at as at
    from derived_deployments d
    join incident_overrides o on o.action = 'attach' and o.deployment_id = d.id
    where d.id in (${sql.join(ids)})
    union
    select d.id, o.source || ':' || o.external_id, 'removed', o.action, o.reason, o.created_by, o.created_at
    from derived_deployments d
    join service_repositories sr on sr.repository_id = d.repository_id
    join services s on s.id = sr.service_id
    join service_pagerduty_services sp on sp.service_id = s.id
    join incidents i on i.pagerduty_service_id = sp.pagerduty_service_id
    join incident_overrides o on o.source = i.source and o.external_id = i.external_id
    where d.id in (${sql.join(ids)})
      and (o.action = 'not_caused_by_change' or o.deployment_id <> d.id)
      and ${countedIncident(config)}
      and i.created_at >= d.deployed_at
      and i.created_at <= d.deployed_at + ${windowHours} * interval '1 hour'
      and i.created_at < coalesce((
        select min(n.deployed_at) from derived_deployments n
        join service_repositories nr on nr.repository_id = n.repository_id
        where nr.service_id = s.id and n.deployed_at > d.deployed_at
      ), 'infinity'::timestamptz)
    order by 1, 2`.execute(db);
  for (const r of rows) {
    const list = out.get(r.deployment) ?? [];
    list.push({
      incident: r.incident,
      effect: r.effect,
      action: r.action,
      reason: r.reason,
      by: r.by,
      at: r.at.toISOString(),
    });
    out.set(r.deployment, list);
  }
  return out;
}

export type DeploymentRow = Awaited<ReturnType<typeof listDeployments>>['items'][number];
