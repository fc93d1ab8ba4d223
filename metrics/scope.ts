import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database';

export type DoraScope =
  | { type: 'organisation' }
  | { type: 'team'; slug: string }
  | { type: 'service'; slug: string }
  | { type: 'services'; ids: number[] };

export interface ResolvedScope {
  serviceIds: number[];
  repositoryIds: number[];
  /** The whole organisation: queries need no service or repository filter. */
  all?: boolean;
  /** A team's scope: its id, under which its rollups are kept (metrics/rollup/). */
  teamId?: number;
  /** How many of the scope's services have no incident source (no PagerDuty service linked). */
  withoutIncidentSource?: number;
}

/** The organisation: every repository and PagerDuty service some service claims. */
export const ORGANISATION: ResolvedScope = { serviceIds: [], repositoryIds: [], all: true };

/** The services and repositories a scope pools; null when the team or service does not exist. */
export async function resolveScope(db: Db, scope: DoraScope): Promise<ResolvedScope | null> {
  let services = db.selectFrom('services').select('services.id');
  let teamId: number | undefined;
  if (scope.type === 'team') {
    const team = await db.selectFrom('teams').select('id').where('slug', '=', scope.slug).executeTakeFirst();
    if (!team) return null;
    teamId = team.id;
    services = services.where('team_id', '=', team.id);
  } else if (scope.type === 'service') {
    services = services.where('slug', '=', scope.slug);
  } else if (scope.type === 'services') {
    services = services.where('id', 'in', scope.ids.length ? scope.ids : [-1]);
  }
  const serviceIds = (await services.execute()).map((s) => s.id);
  if (scope.type === 'service' && serviceIds.length === 0) return null;
  const [repos, linked] = serviceIds.length
    ? await Promise.all([
        db
          .selectFrom('service_repositories')
          .select('repository_id')
          .distinct()
          .where('service_id', 'in', serviceIds)
          .execute(),
        db
          .selectFrom('service_pagerduty_services')
          .select('service_id')
          .distinct()
          .where('service_id', 'in', serviceIds)
          .execute(),
      ])
    : [[], []];
  return {
    serviceIds,
    repositoryIds: repos.map((r) => r.repository_id),
    all: scope.type === 'organisation',
    ...(teamId === undefined ? {} : { teamId }),
    withoutIncidentSource: serviceIds.length - linked.length,
  };
}

/** Every service of the scope lacks an incident source: its change failure rate rests on rollbacks and reverts only. */
export const deploySignalsOnly = (scope: ResolvedScope) =>
  scope.serviceIds.length > 0 && scope.withoutIncidentSource === scope.serviceIds.length;

const NONE = [-1];

/**
 * SQL condition: the row's repository (column `<alias>.repository_id`) is pooled by the scope. The
 * organisation pools every linked repository; a subquery rather than a 1,000-element IN list.
 */
export function repositoryInScope(alias: string, scope: ResolvedScope, key = 'repository_id'): RawBuilder<boolean> {
  const column = sql.ref(`${alias}.${key}`);
  if (scope.all) return sql<boolean>`${column} in (select repository_id from service_repositories)`;
  return sql<boolean>`${column} in (${sql.join(scope.repositoryIds.length ? scope.repositoryIds : NONE)})`;
}

/**
 * SQL condition on `incidents` (aliased `i`), or on another PagerDuty service id `column`: the
 * PagerDuty service belongs to a service of the scope.
 */
export function incidentServiceInScope(scope: ResolvedScope, column = 'i.pagerduty_service_id'): RawBuilder<boolean> {
  const ref = sql.ref(column);
  if (scope.all) return sql<boolean>`${ref} in (select pagerduty_service_id from service_pagerduty_services)`;
  const services = scope.serviceIds.length ? scope.serviceIds : NONE;
  return sql<boolean>`${ref} in (select pagerduty_service_id from service_pagerduty_services where service_id in (${sql.join(services)}))`;
}

/** The repositories a team's services claim, as a subquery: what resolveScope lists for the team. */
export const teamRepositories = (teamId: number) =>
  sql`select sr.repository_id from services s join service_repositories sr on sr.service_id = s.id where s.team_id = ${teamId}`;

/** The PagerDuty services linked to a team's services, as a subquery. */
export const teamPagerdutyServices = (teamId: number) =>
  sql`select sp.pagerduty_service_id from services s join service_pagerduty_services sp on sp.service_id = s.id where s.team_id = ${teamId}`;
