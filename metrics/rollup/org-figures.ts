import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { derivationConfigKey } from '../derive/config-key';
import type { FigureParts, Window } from '../dora';
import { dayAggregates, histogramAggregates } from './aggregates';
import { membershipSql } from './refresh-rollups';
import { sampleSource, type SampleMetric } from './samples';

const DAY_MS = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonthStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

interface Bucket {
  metric: SampleMetric;
  bucket: number;
  samples: number;
  min: number;
  max: number;
}

/**
 * The organisation's figure parts from the rollups: whole months and whole days from
 * the rollup tables, the partial days at the window's edges from the derived rows, and
 * each percentile exactly, from the one histogram bucket that holds its rank. Null when
 * the rollups do not cover the window (never built, built for another config or
 * membership, or a day in the window still awaiting a refresh) or the window is under
 * two days, where the derived rows are as quick; the caller then reads the derived rows.
 */
export async function orgFigurePartsFromRollups(db: Db, config: PavedConfig, { from, to }: Window): Promise<FigureParts | null> {
  const d0 = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const d1 = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (d0 >= d1) return null;
  const m0 = monthStart(d0) === d0 ? d0 : nextMonthStart(d0);
  const m1 = monthStart(d1);
  const months = m0 < m1 ? { from: m0, to: m1 } : null;
  const dayRanges = months ? [{ from: d0, to: m0 }, { from: m1, to: d1 }] : [{ from: d0, to: d1 }];
  const edges = [
    ...(from.getTime() < d0 ? [{ from, to: new Date(d0) }] : []),
    ...(d1 < to.getTime() ? [{ from: new Date(d1), to }] : []),
  ];
  const fromEpoch = from.getTime() / 1000;

  // One snapshot: the rollups, the dirty marks and the derived rows all as of the same instant.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const { rows: check } = await sql<{ config_key: string; fresh: boolean }>`
        select s.config_key, s.membership = ${membershipSql} and not exists (
          select 1 from org_rollup_dirty_days where day >= ${dayString(Math.floor(from.getTime() / DAY_MS) * DAY_MS)}::date and day < ${dayString(Math.ceil(to.getTime() / DAY_MS) * DAY_MS)}::date
        ) as fresh
        from org_rollup_state s`.execute(trx);
      if (!check[0]?.fresh || check[0].config_key !== derivationConfigKey(config)) return null;

      const bucketOf = (column: string, days: number) => sql<number>`floor((extract(epoch from ${sql.ref(column)})::float8 - ${fromEpoch}) / ${days * 86400})::int`;
      const { rows: days } = await sql<{ deployments: number; failed: number; rework: number; incidents: number; day: number | null; f7: number; l7: number; f30: number; l30: number }>`
        select deployments, failed, rework, incidents, floor(extract(epoch from first_deployed_at)::float8 / 86400)::int as day,
          ${bucketOf('first_deployed_at', 7)} as f7, ${bucketOf('last_deployed_at', 7)} as l7,
          ${bucketOf('first_deployed_at', 30)} as f30, ${bucketOf('last_deployed_at', 30)} as l30
        from (
          select deployments, failed, rework, incidents, first_deployed_at, last_deployed_at from org_rollup_days
          where day >= ${dayString(d0)}::date and day < ${dayString(d1)}::date
          union all
          select deployments, failed, rework, incidents, first_deployed_at, last_deployed_at from (${dayAggregates(config, edges)}) e
        ) x`.execute(trx);

      const inDays = sql.join(dayRanges.filter((r) => r.from < r.to).map((r) => sql`(period_start >= ${dayString(r.from)}::date and period_start < ${dayString(r.to)}::date)`), sql` or `);
      const { rows: histogram } = await sql<{ metric: SampleMetric; bucket: number; samples: number; min_value: number; max_value: number }>`
        select metric, bucket, sum(samples)::int as samples, min(min_value) as min_value, max(max_value) as max_value from (
          select metric, bucket, samples, min_value, max_value from org_rollup_histograms
          where ${months ? sql`(period = 'month' and period_start >= ${dayString(months.from)}::date and period_start < ${dayString(months.to)}::date) or` : sql``}
            (period = 'day' and (${dayRanges.some((r) => r.from < r.to) ? inDays : sql`false`}))
          union all
          select metric, bucket, samples, min_value, max_value from (${histogramAggregates(config, edges)}) e
        ) h
        group by metric, bucket
        order by metric, bucket`.execute(trx);

      const byMetric = new Map<SampleMetric, Bucket[]>();
      for (const h of histogram) byMetric.set(h.metric, [...(byMetric.get(h.metric) ?? []), { metric: h.metric, bucket: h.bucket, samples: h.samples, min: h.min_value, max: h.max_value }]);
      const window = { from, to };
      const pct = (metric: SampleMetric, fractions: number[]) => percentiles(trx, config, window, byMetric.get(metric) ?? [], fractions);
      const count = (metric: SampleMetric) => (byMetric.get(metric) ?? []).reduce((n, b) => n + b.samples, 0);

      const [lead, coding, pickup, review, deploy, recovery, restore] = [
        await pct('lead', [0.5, 0.75, 0.9]),
        await pct('coding', [0.5]),
        await pct('pickup', [0.5]),
        await pct('review', [0.5]),
        await pct('deploy', [0.5]),
        await pct('recovery', [0.5]),
        await pct('restore', [0.5]),
      ];
      const sum = (k: 'deployments' | 'failed' | 'rework' | 'incidents') => days.reduce((n, d) => n + d[k], 0);
      const deployed = days.filter((d) => d.deployments > 0);
      return {
        deployments: { deployments: sum('deployments'), failed: sum('failed'), rework: sum('rework'), recovered: count('recovery'), recovery: recovery[0]! },
        deploymentDays: deployed.flatMap((d) => [
          { b7: d.f7, b30: d.f30, day: d.day! },
          { b7: d.l7, b30: d.l30, day: d.day! },
        ]),
        changes: { changes: count('lead'), p: lead },
        stages: { coding: coding[0]!, pickup: pickup[0]!, review: review[0]!, deploy: deploy[0]! },
        incidents: { incidents: sum('incidents'), resolved: count('restore'), restore: restore[0]! },
      };
    });
}

/**
 * Continuous percentiles (PostgreSQL's percentile_cont) from a histogram: the value at a
 * rank is a bucket's minimum or maximum when the rank is the bucket's first or last, and
 * otherwise read from that bucket's rows in order, through its expression index.
 */
async function percentiles(trx: Transaction<Database>, config: PavedConfig, window: Window, buckets: Bucket[], fractions: number[]): Promise<(number | null)[]> {
  const n = buckets.reduce((sum, b) => sum + b.samples, 0);
  if (n === 0) return fractions.map(() => null);
  const starts: number[] = [];
  buckets.reduce((cum, b) => (starts.push(cum), cum + b.samples), 0);
  const locate = (rank: number) => {
    let lo = 0;
    let hi = buckets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= rank) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const valueAt = async (rank: number): Promise<number> => {
    const i = locate(rank);
    const b = buckets[i]!;
    const offset = rank - starts[i]!;
    if (b.min === b.max || offset === 0) return b.min;
    if (offset === b.samples - 1) return b.max;
    const s = sampleSource(b.metric, config);
    const { rows } = await sql<{ v: number }>`
      select v from (
        select ${s.value} as v from ${s.table}
        where ${s.where} and paved_bucket(${s.value}) = ${b.bucket} and ${s.time} >= ${window.from} and ${s.time} < ${window.to}
      ) x order by v offset ${offset} limit 1`.execute(trx);
    return rows[0]!.v;
  };
  const out: (number | null)[] = [];
  for (const fraction of fractions) {
    const rank = fraction * (n - 1);
    const lower = Math.floor(rank);
    const upper = Math.ceil(rank);
    const low = await valueAt(lower);
    const high = upper === lower ? low : await valueAt(upper);
    out.push(low + (high - low) * (rank - lower));
  }
  return out;
}
