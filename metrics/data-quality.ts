import { sql } from 'kysely';
import { IGNORED_CLAIMS_SETTING, type IgnoredCatalogClaim } from '../db/catalog';
import type { Db } from '../db/database';
import { getSetting } from '../db/writes/settings';

const SAMPLE = 50;

/** What the figures leave out, and why, so nobody has to trust a number blindly. */
export async function getDataQuality(db: Db) {
  const [
    baselines,
    nonPositive,
    neverDeployed,
    unclaimed,
    withoutDeployments,
    failedAttempts,
    syncs,
    sharedPagerduty,
    ignoredClaims,
  ] = await Promise.all([
    sql<{ id: string; repository: string; environment: string; deployed_at: Date }>`
      select d.id, r.full_name as repository, d.environment, d.deployed_at from derived_deployments d join repositories r on r.id = d.repository_id
      where d.is_baseline order by r.full_name, d.environment`.execute(db),
    sql<{ repository: string; change_key: string; lead_time_seconds: number; deployment_id: string }>`
      select r.full_name as repository, c.change_key, c.lead_time_seconds, c.deployment_id from derived_changes c join repositories r on r.id = c.repository_id
      where c.lead_time_seconds <= 0 order by c.deployed_at desc`.execute(db),
    // Kept by the derivation (metrics/derive/run-derivation.ts): an anti-join of every merged pull request here took a second.
    sql<{ repository: string; number: number; title: string; merged_at: Date; total: number }>`
      select r.full_name as repository, u.number, u.title, u.merged_at,
        (select count(*) from derived_undeployed_pull_requests)::int as total
      from (select * from derived_undeployed_pull_requests order by merged_at desc, repository_id, number limit ${SAMPLE}) u
      join repositories r on r.id = u.repository_id
      order by u.merged_at desc, u.repository_id, u.number`.execute(db),
    sql<{ pagerduty_service_id: string; name: string | null; incidents: number }>`
      select i.pagerduty_service_id, ps.name, count(*)::int as incidents from incidents i left join pagerduty_services ps on ps.id = i.pagerduty_service_id
      where not exists (select 1 from service_pagerduty_services sp where sp.pagerduty_service_id = i.pagerduty_service_id)
      group by 1, 2 order by 3 desc`.execute(db),
    sql<{ repository: string }>`
      select r.full_name as repository from repositories r where not r.archived and r.removed_at is null and not exists (select 1 from derived_deployments d where d.repository_id = r.id) order by 1`.execute(
      db,
    ),
    sql<{ n: number }>`select count(*)::int as n from deployments where deployed_at is null`.execute(db),
    sql<{ source: string; last_success_at: Date | null; errors: number; last_error: string | null }>`
      select source, max(last_success_at) as last_success_at, count(*) filter (where last_error is not null)::int as errors,
        (array_agg(last_error order by last_error_at desc) filter (where last_error is not null))[1] as last_error
      from sync_state group by source order by source`.execute(db),
    // One PagerDuty service's incidents count for every service that links it.
    sql<{ pagerduty_service_id: string; name: string | null; services: string[] }>`
      select sp.pagerduty_service_id, ps.name, array_agg(distinct s.slug order by s.slug) as services
      from service_pagerduty_services sp join services s on s.id = sp.service_id
      left join pagerduty_services ps on ps.id = sp.pagerduty_service_id
      group by 1, 2 having count(distinct sp.service_id) > 1 order by 1`.execute(db),
    getSetting<IgnoredCatalogClaim[]>(db, IGNORED_CLAIMS_SETTING),
  ]);
  return {
    baselineDeployments: baselines.rows.map((d) => ({
      id: d.id,
      repository: d.repository,
      environment: d.environment,
      deployedAt: d.deployed_at.toISOString(),
    })),
    nonPositiveLeadTimes: nonPositive.rows.map((c) => ({
      repository: c.repository,
      change: c.change_key,
      leadTimeSeconds: c.lead_time_seconds,
      deployment: c.deployment_id,
    })),
    pullRequestsNeverDeployed: {
      total: neverDeployed.rows[0]?.total ?? 0,
      sample: neverDeployed.rows.map((p) => ({
        repository: p.repository,
        number: p.number,
        title: p.title,
        mergedAt: p.merged_at.toISOString(),
      })),
    },
    unclaimedPagerdutyServices: unclaimed.rows.map((u) => ({
      pagerdutyService: u.pagerduty_service_id,
      name: u.name,
      incidents: u.incidents,
    })),
    repositoriesWithoutDeployments: withoutDeployments.rows.map((r) => r.repository),
    failedDeploymentAttempts: failedAttempts.rows[0]?.n ?? 0,
    pagerdutyServicesLinkedTwice: sharedPagerduty.rows.map((p) => ({
      pagerdutyService: p.pagerduty_service_id,
      name: p.name,
      services: p.services,
    })),
    ignoredCatalogClaims: ignoredClaims ?? [],
    lastSync: syncs.rows.map((s) => ({
      source: s.source,
      lastSuccessAt: s.last_success_at?.toISOString() ?? null,
      streamsWithErrors: s.errors,
      lastError: s.last_error,
    })),
  };
}

export type DataQuality = Awaited<ReturnType<typeof getDataQuality>>;
