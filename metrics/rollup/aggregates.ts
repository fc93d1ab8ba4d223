import { sql, type RawBuilder } from 'kysely';
import type { PavedConfig } from '../../lib/config';
import { countedIncident } from '../derive/incident-filter';
import {
  failedDeployment,
  reworkDeployment,
  SAMPLE_METRICS,
  SAMPLES,
  sampleIn,
  type SampleMetric,
} from '../dora-samples';
import { ORGANISATION, teamPagerdutyServices, teamRepositories } from '../scope';
import { utcDay, type KeyedRanges } from './time-ranges';

/** The organisation's rollup scope; any other scope id is a team's id. */
export const ORGANISATION_SCOPE = 0;

/**
 * (scope_id, <column>): the repositories (`service_repositories`, `repository_id`) or PagerDuty
 * services (`service_pagerduty_services`, `pagerduty_service_id`) each rollup scope pools, each
 * once, as repositoryInScope and incidentServiceInScope pool them (the organisation: every one a
 * service claims; a team: its services').
 */
function scopeMembers(
  scopeIds: readonly number[],
  link: 'service_repositories' | 'service_pagerduty_services',
  column: 'repository_id' | 'pagerduty_service_id',
): RawBuilder<unknown> {
  const teams = scopeIds.filter((id) => id !== ORGANISATION_SCOPE);
  return sql`(${sql.join(
    [
      ...(scopeIds.includes(ORGANISATION_SCOPE)
        ? [sql`select distinct ${ORGANISATION_SCOPE}::int as scope_id, ${sql.ref(column)} from ${sql.table(link)}`]
        : []),
      ...(teams.length
        ? [
            sql`select distinct s.team_id as scope_id, l.${sql.ref(column)} from services s
              join ${sql.table(link)} l on l.service_id = s.id where s.team_id in (${sql.join(teams)})`,
          ]
        : []),
    ],
    sql` union all `,
  )})`;
}

const scopeRepositories = (scopeIds: readonly number[]) =>
  scopeMembers(scopeIds, 'service_repositories', 'repository_id');
const scopePagerdutyServices = (scopeIds: readonly number[]) =>
  scopeMembers(scopeIds, 'service_pagerduty_services', 'pagerduty_service_id');

/**
 * Which repositories and PagerDuty services each scope pools, as one comparable string per
 * scope: rollups built for another membership (a service moved team, a repository was linked)
 * no longer answer for it.
 */
export function scopeMemberships(scopeIds: readonly number[]): RawBuilder<{ scope_id: number; membership: string }> {
  // Each list is grouped once for every scope (not once per scope), in the same order as ever, so built states still match.
  return sql<{ scope_id: number; membership: string }>`
    select ids.scope_id, md5(coalesce(r.list, '') || '|' || coalesce(p.list, '')) as membership
    from unnest(${[...scopeIds]}::int[]) as ids(scope_id)
    left join (
      select scope_id, string_agg(repository_id::text, ',' order by repository_id::text) as list
      from ${scopeRepositories(scopeIds)} r group by scope_id
    ) r on r.scope_id = ids.scope_id
    left join (
      select scope_id, string_agg(pagerduty_service_id, ',' order by pagerduty_service_id) as list
      from ${scopePagerdutyServices(scopeIds)} p group by scope_id
    ) p on p.scope_id = ids.scope_id`;
}

/**
 * The ranges a row (alias `d`, `c` or `i`) falls in, each as a row of the join's `rk.key`: a row in
 * several ranges (the same partial day of several teams' windows) counts in each. The outer bounds
 * are also a condition of the row, so its time index narrows the read.
 */
function rangeKey(
  column: RawBuilder<Date>,
  ranges: KeyedRanges,
): { join: RawBuilder<unknown>; where: RawBuilder<boolean>; key: RawBuilder<number> } {
  if (ranges === null) return { join: sql``, where: sql<boolean>`true`, key: sql<number>`0` };
  if (ranges.length === 0) return { join: sql``, where: sql<boolean>`false`, key: sql<number>`0` };
  const from = new Date(Math.min(...ranges.map((r) => r.from.getTime())));
  const to = new Date(Math.max(...ranges.map((r) => r.to.getTime())));
  return {
    join: sql`join unnest(${ranges.map((r) => r.key)}::int[], ${ranges.map((r) => r.from)}::timestamptz[],
      ${ranges.map((r) => r.to)}::timestamptz[]) as rk(key, from_at, to_at) on ${column} >= rk.from_at and ${column} < rk.to_at`,
    where: sql<boolean>`${column} >= ${from} and ${column} < ${to}`,
    key: sql<number>`rk.key`,
  };
}

/**
 * Per scope, range key and day, the aggregates over some instants. The rollups store them for
 * whole days; requests compute them for the partial days at a window's edges (keyed by the
 * window they belong to), with the same SQL, so the two always agree.
 */
export function dayAggregates(
  config: PavedConfig,
  scopeIds: readonly number[],
  ranges: KeyedRanges,
): RawBuilder<DayAggregate> {
  const dep = rangeKey(sql`d.deployed_at`, ranges);
  return sql<DayAggregate>`
    select coalesce(dep.scope_id, inc.scope_id) as scope_id, coalesce(dep.key, inc.key) as key, coalesce(dep.day, inc.day) as day,
      coalesce(dep.deployments, 0) as deployments, coalesce(dep.failed, 0) as failed,
      coalesce(dep.rework, 0) as rework, dep.first_deployed_at, dep.last_deployed_at, coalesce(inc.incidents, 0) as incidents
    from (
      select m.scope_id, ${dep.key} as key, ${utcDay(sql`d.deployed_at`)} as day, count(*)::int as deployments,
        count(*) filter (where ${failedDeployment})::int as failed, count(*) filter (where ${reworkDeployment})::int as rework,
        min(d.deployed_at) as first_deployed_at, max(d.deployed_at) as last_deployed_at
      from derived_deployments d join ${scopeRepositories(scopeIds)} m on m.repository_id = d.repository_id ${dep.join}
      where ${dep.where}
      group by 1, 2, 3
    ) dep
    full join (${incidentDayAggregates(config, scopeIds, ranges)}) inc
      on inc.scope_id = dep.scope_id and inc.key = dep.key and inc.day = dep.day`;
}

/** Per scope, range key and day, the counted incidents created (the incidents of dayAggregates). */
export function incidentDayAggregates(
  config: PavedConfig,
  scopeIds: readonly number[],
  ranges: KeyedRanges,
): RawBuilder<{ scope_id: number; key: number; day: string; incidents: number }> {
  const inc = rangeKey(sql`i.created_at`, ranges);
  return sql`
    select m.scope_id, ${inc.key} as key, ${utcDay(sql`i.created_at`)} as day, count(*)::int as incidents
    from incidents i join ${scopePagerdutyServices(scopeIds)} m on m.pagerduty_service_id = i.pagerduty_service_id ${inc.join}
    where ${countedIncident(config)} and ${inc.where}
    group by 1, 2, 3`;
}

export interface DayAggregate {
  scope_id: number;
  key: number;
  day: string;
  deployments: number;
  failed: number;
  rework: number;
  first_deployed_at: Date | null;
  last_deployed_at: Date | null;
  incidents: number;
}

/** Per scope, range key, day, metric and bucket: how many samples, and the smallest and largest. */
export function histogramAggregates(
  config: PavedConfig,
  scopeIds: readonly number[],
  ranges: KeyedRanges,
  metrics: readonly SampleMetric[] = SAMPLE_METRICS,
): RawBuilder<HistogramAggregate> {
  const parts = metrics.map((metric) => {
    const s = SAMPLES[metric];
    const r = rangeKey(s.time, ranges);
    const scoped =
      metric === 'restore'
        ? {
            join: sql`join ${scopePagerdutyServices(scopeIds)} m on m.pagerduty_service_id = i.pagerduty_service_id`,
            where: countedIncident(config),
          }
        : {
            join: sql`join ${scopeRepositories(scopeIds)} m on m.repository_id = ${sql.ref(`${metric === 'recovery' ? 'd' : 'c'}.repository_id`)}`,
            where: sql<boolean>`true`,
          };
    return sql`select m.scope_id, ${r.key} as key, ${utcDay(s.time)} as day, ${metric}::text as metric,
        paved_bucket(${s.value}) as bucket, ${s.value} as v
      from ${s.table} ${scoped.join} ${r.join} where ${scoped.where} and ${s.where} and ${r.where}`;
  });
  return sql<HistogramAggregate>`
    select scope_id, key, day, metric, bucket, sum(n)::int as samples, min(v) as min_value, max(v) as max_value,
      case when count(*) <= ${LISTED_VALUES} then array_agg(v::float8 order by v) end as listed_values,
      case when count(*) <= ${LISTED_VALUES} then array_agg(n order by v) end as listed_counts
    from (
      select scope_id, key, day, metric, bucket, v, count(*)::int as n
      from (${sql.join(parts, sql` union all `)}) s
      group by scope_id, key, day, metric, bucket, v
    ) d
    group by scope_id, key, day, metric, bucket`;
}

/**
 * A histogram row lists its distinct values and their counts when it has at most this many: a
 * rank that falls in it is then known without reading the derived rows. Few samples per bucket
 * (a team, a week) or repeated values make most rows listed.
 */
const LISTED_VALUES = 16;

/**
 * Histogram rows summed per group (`groupBy`: columns of `rows`): samples, smallest and largest
 * value, and the merged value lists while every row is listed and the merge stays within
 * LISTED_VALUES. `rows` has the histogram's columns.
 */
export function mergedHistograms(rows: RawBuilder<unknown>, groupBy: readonly string[]): RawBuilder<unknown> {
  const keys = sql.join(groupBy.map((c) => sql.ref(c)));
  const on = sql.join(
    groupBy.map((c) => sql`l.${sql.ref(c)} = a.${sql.ref(c)}`),
    sql` and `,
  );
  return sql`
    with r as (select * from (${rows}) r),
    a as (
      select ${keys}, sum(samples)::int as samples, min(min_value) as min_value, max(max_value) as max_value,
        bool_and(listed_values is not null) as listed
      from r group by ${keys}),
    v as (
      select ${keys}, u.v, sum(u.n)::int as n
      from r cross join lateral unnest(r.listed_values, r.listed_counts) as u(v, n)
      group by ${keys}, u.v),
    l as (
      select ${keys}, count(*) as k, array_agg(v order by v) as listed_values, array_agg(n order by v) as listed_counts
      from v group by ${keys})
    select a.*, case when a.listed and l.k <= ${LISTED_VALUES} then l.listed_values end as listed_values,
      case when a.listed and l.k <= ${LISTED_VALUES} then l.listed_counts end as listed_counts
    from a left join l on ${on}`;
}

export interface HistogramAggregate {
  scope_id: number;
  key: number;
  day: string;
  metric: string;
  bucket: number;
  samples: number;
  min_value: number;
  max_value: number;
  listed_values: number[] | null;
  listed_counts: number[] | null;
}

/**
 * A sample of one rollup scope (what sampleIn gives for its resolved scope), with the team's
 * repositories or PagerDuty services as a subquery rather than a list: the rollups' rank reads
 * name it once per bucket they read.
 */
export function sampleInRollupScope(metric: SampleMetric, config: PavedConfig, scopeId: number) {
  if (scopeId === ORGANISATION_SCOPE) return sampleIn(metric, config, ORGANISATION);
  const s = SAMPLES[metric];
  const inScope =
    metric === 'restore'
      ? sql<boolean>`${countedIncident(config)} and i.pagerduty_service_id in (${teamPagerdutyServices(scopeId)})`
      : sql<boolean>`${sql.ref(`${metric === 'recovery' ? 'd' : 'c'}.repository_id`)} in (${teamRepositories(scopeId)})`;
  return { ...s, where: sql<boolean>`${s.where} and ${inScope}` };
}
