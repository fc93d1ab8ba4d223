import { sql, type RawBuilder } from 'kysely';
import type { ResolvedScope } from './scope';

/**
 * The repositories and PagerDuty services each of many scopes pools, as `(scope, repository_id)`
 * and `(scope, pagerduty_service_id)` relations (scope: the index in `scopes`), each member once per
 * scope: what repositoryInScope and incidentServiceInScope test one scope at a time, for queries
 * that group by scope. The organisation pools every repository and PagerDuty service a service claims.
 */
export function scopeMembers(scopes: readonly ResolvedScope[]): {
  repositories: RawBuilder<{ scope: number; repository_id: number }>;
  pagerdutyServices: RawBuilder<{ scope: number; pagerduty_service_id: string }>;
} {
  const repoScopes: number[] = [];
  const repoIds: number[] = [];
  const serviceScopes: number[] = [];
  const serviceIds: number[] = [];
  const whole: number[] = [];
  scopes.forEach((scope, i) => {
    if (scope.all) return void whole.push(i);
    for (const id of new Set(scope.repositoryIds)) {
      repoScopes.push(i);
      repoIds.push(id);
    }
    for (const id of new Set(scope.serviceIds)) {
      serviceScopes.push(i);
      serviceIds.push(id);
    }
  });
  return {
    repositories: sql`(
      select * from unnest(${repoScopes}::int[], ${repoIds}::int[]) as m(scope, repository_id)
      union all
      select w.scope, r.repository_id from unnest(${whole}::int[]) as w(scope)
        cross join (select distinct repository_id from service_repositories) r)`,
    pagerdutyServices: sql`(
      select distinct m.scope, sp.pagerduty_service_id
      from unnest(${serviceScopes}::int[], ${serviceIds}::int[]) as m(scope, service_id)
      join service_pagerduty_services sp on sp.service_id = m.service_id
      union all
      select w.scope, p.pagerduty_service_id from unnest(${whole}::int[]) as w(scope)
        cross join (select distinct pagerduty_service_id from service_pagerduty_services) p)`,
  };
}
