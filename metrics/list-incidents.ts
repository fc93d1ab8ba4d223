import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { countedIncident, serviceAttributionHours } from './derive/incident-filter';
import type { Window } from './dora-figures';
import type { ListPage } from './list-deployments';
import type { ResolvedScope } from './scope';

/**
 * Incidents of a scope's services created in the window, newest first: whether they count
 * (urgency and priority filters), time to restore, and the deployment each was attributed
 * to, with the rule that attributed it.
 */
export async function listIncidents(db: Db, config: PavedConfig, scope: ResolvedScope, window: Window, page: ListPage) {
  let query = db
    .selectFrom('incidents as i')
    .leftJoin('incident_overrides as o', (j) =>
      j.onRef('o.source', '=', 'i.source').onRef('o.external_id', '=', 'i.external_id'),
    )
    .selectAll('i')
    .select([
      'o.action as override_action',
      'o.deployment_id as override_deployment',
      'o.reason as override_reason',
      'o.created_by as override_by',
      'o.created_at as override_at',
    ])
    .select((eb) => [
      sql<boolean>`${countedIncident(config)}`.as('counted'),
      sql<
        string[]
      >`(select array_agg(s.slug order by s.slug) from service_pagerduty_services sp join services s on s.id = sp.service_id where sp.pagerduty_service_id = i.pagerduty_service_id)`.as(
        'services',
      ),
      eb
        .selectFrom('derived_deployments as d')
        // The services the deployment and the incident share: the attribution ran through them.
        .select(
          sql<{
            id: string;
            deployedAt: string;
            sharedServices: string[] | null;
          }>`json_build_object('id', d.id, 'deployedAt', d.deployed_at, 'sharedServices', (select array_agg(s.slug order by s.slug) from service_repositories sr join service_pagerduty_services sp on sp.service_id = sr.service_id join services s on s.id = sr.service_id where sr.repository_id = d.repository_id and sp.pagerduty_service_id = i.pagerduty_service_id))`.as(
            'x',
          ),
        )
        .where(sql<boolean>`(i.source || ':' || i.external_id) = any(d.incident_keys)`)
        .orderBy('d.deployed_at', 'desc')
        .limit(1)
        .as('deployment'),
    ])
    .where('i.pagerduty_service_id', 'in', (eb) =>
      eb
        .selectFrom('service_pagerduty_services')
        .select('pagerduty_service_id')
        .where('service_id', 'in', scope.serviceIds.length ? scope.serviceIds : [-1]),
    )
    .where('i.created_at', '>=', window.from)
    .where('i.created_at', '<', window.to)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.external_id', 'desc')
    .limit(page.limit + 1);
  if (page.after) {
    const [at, id] = page.after as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('i.created_at', '<', new Date(at)),
        eb.and([eb('i.created_at', '=', new Date(at)), eb('i.external_id', '<', id)]),
      ]),
    );
  }
  const rows = await query.execute();
  const windowHours = { global: config.metrics.incidentAttributionWindowHours, own: serviceAttributionHours(config) };
  const items = rows.slice(0, page.limit).map((i) => ({
    source: i.source,
    id: i.external_id,
    number: i.number,
    title: i.title,
    services: i.services ?? [],
    pagerdutyService: i.pagerduty_service_id,
    urgency: i.urgency,
    priority: i.priority,
    status: i.status,
    counted: i.counted,
    createdAt: i.created_at.toISOString(),
    acknowledgedAt: i.acknowledged_at?.toISOString() ?? null,
    resolvedAt: i.resolved_at?.toISOString() ?? null,
    timeToRestoreSeconds: i.resolved_at ? (i.resolved_at.getTime() - i.created_at.getTime()) / 1000 : null,
    url: i.html_url,
    attributedDeployment: i.deployment
      ? {
          id: i.deployment.id,
          deployedAt: new Date(i.deployment.deployedAt).toISOString(),
          reason:
            i.override_action === 'attach'
              ? `attached to this deployment by ${i.override_by}: ${i.override_reason}`
              : ruleReason(
                  (i.created_at.getTime() - new Date(i.deployment.deployedAt).getTime()) / 3_600_000,
                  i.deployment.sharedServices ?? [],
                  windowHours,
                ),
        }
      : null,
    override: i.override_action
      ? {
          action: i.override_action,
          deploymentId: i.override_deployment,
          reason: i.override_reason!,
          by: i.override_by!,
          at: i.override_at!.toISOString(),
        }
      : null,
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last ? [last.createdAt, last.id] : null };
}

/**
 * Why the rule attributed an incident `hoursAfter` a deployment, quoting the window that applied:
 * that of a service the two share (`catalog.services[].incidents.attributionWindowHours`, else the
 * source's), the first in slug order whose window holds the incident, as the derivation accepts
 * the incident through any of them.
 */
function ruleReason(
  hoursAfter: number,
  sharedServices: readonly string[],
  windows: { global: number; own: ReadonlyMap<string, number> },
): string {
  const windowOf = (slug: string) => windows.own.get(slug) ?? windows.global;
  const through = sharedServices.find((slug) => hoursAfter <= windowOf(slug));
  const own = through !== undefined && windows.own.has(through);
  const limit = own
    ? `within ${windowOf(through)} h, ${through}'s own attribution window`
    : `within ${windows.global} h`;
  return `created ${hoursAfter.toFixed(1)} h after this deployment, before the service's next production deployment and ${limit}`;
}

export type IncidentRow = Awaited<ReturnType<typeof listIncidents>>['items'][number];
