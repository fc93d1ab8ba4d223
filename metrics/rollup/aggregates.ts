import { sql, type RawBuilder } from 'kysely';
import type { PavedConfig } from '../../lib/config';
import {
  countedIncidentInScope,
  failedDeployment,
  reworkDeployment,
  SAMPLE_METRICS,
  sampleIn,
  type SampleMetric,
} from '../dora-samples';
import { ORGANISATION, repositoryInScope } from '../scope';
import { inRanges, utcDay, type TimeRanges } from './time-ranges';

/**
 * The organisation's per-day aggregates over some instants. The rollups store them for
 * whole days; requests compute them for the partial days at a window's edges, with the
 * same SQL, so the two always agree.
 */
export function dayAggregates(config: PavedConfig, ranges: TimeRanges): RawBuilder<DayAggregate> {
  return sql<DayAggregate>`
    select coalesce(dep.day, inc.day) as day, coalesce(dep.deployments, 0) as deployments, coalesce(dep.failed, 0) as failed,
      coalesce(dep.rework, 0) as rework, dep.first_deployed_at, dep.last_deployed_at, coalesce(inc.incidents, 0) as incidents
    from (
      select ${utcDay(sql`d.deployed_at`)} as day, count(*)::int as deployments, count(*) filter (where ${failedDeployment})::int as failed,
        count(*) filter (where ${reworkDeployment})::int as rework, min(d.deployed_at) as first_deployed_at, max(d.deployed_at) as last_deployed_at
      from derived_deployments d where ${repositoryInScope('d', ORGANISATION)} and ${inRanges(sql`d.deployed_at`, ranges)}
      group by 1
    ) dep
    full join (
      select ${utcDay(sql`i.created_at`)} as day, count(*)::int as incidents
      from incidents i where ${countedIncidentInScope(config, ORGANISATION)} and ${inRanges(sql`i.created_at`, ranges)}
      group by 1
    ) inc on inc.day = dep.day`;
}

export interface DayAggregate {
  day: string;
  deployments: number;
  failed: number;
  rework: number;
  first_deployed_at: Date | null;
  last_deployed_at: Date | null;
  incidents: number;
}

/** Per day, metric and bucket: how many samples, and the smallest and largest. */
export function histogramAggregates(
  config: PavedConfig,
  ranges: TimeRanges,
  metrics: readonly SampleMetric[] = SAMPLE_METRICS,
): RawBuilder<HistogramAggregate> {
  const parts = metrics.map((metric) => {
    const s = sampleIn(metric, config, ORGANISATION);
    return sql`select ${utcDay(s.time)} as day, ${metric}::text as metric, paved_bucket(${s.value}) as bucket, ${s.value} as v
      from ${s.table} where ${s.where} and ${inRanges(s.time, ranges)}`;
  });
  return sql<HistogramAggregate>`
    select day, metric, bucket, count(*)::int as samples, min(v) as min_value, max(v) as max_value
    from (${sql.join(parts, sql` union all `)}) s
    group by day, metric, bucket`;
}

export interface HistogramAggregate {
  day: string;
  metric: string;
  bucket: number;
  samples: number;
  min_value: number;
  max_value: number;
}
