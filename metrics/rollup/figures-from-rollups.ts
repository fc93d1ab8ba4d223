import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { DAY_MS } from '../../lib/clock';
import { derivationConfigKey } from '../derive/config-key';
import type { FigureParts, Window } from '../dora-figures';
import { sampleIn, type SampleMetric } from '../dora-samples';
import { ORGANISATION, organisationMembership } from '../scope';
import { dayAggregates, histogramAggregates } from './aggregates';
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

/** Why the rollups cannot answer for a window; the organisation's figures then come from the derived rows. */
export type RollupGap =
  | 'no whole day in the window'
  | 'not built'
  | 'built for another config'
  | 'built for other repositories or PagerDuty services'
  | 'a day of the window awaits a refresh';

export type RollupFigureParts = { parts: FigureParts; gap?: never } | { parts?: never; gap: RollupGap };

/**
 * The organisation's figure parts from the rollups: whole months and whole days from
 * the rollup tables, the partial days at the window's edges from the derived rows, and
 * each percentile exactly, from the one histogram bucket that holds its rank. A gap
 * instead when the rollups do not cover the window: they are refreshed at the end of each
 * derivation, so until then the days it changed are marked dirty, and a change of config
 * or of the organisation's repositories waits for a rebuild.
 */
export async function orgFigurePartsFromRollups(
  db: Db,
  config: PavedConfig,
  { from, to }: Window,
): Promise<RollupFigureParts> {
  const d0 = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const d1 = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  if (d0 >= d1) return { gap: 'no whole day in the window' };
  const m0 = monthStart(d0) === d0 ? d0 : nextMonthStart(d0);
  const m1 = monthStart(d1);
  const months = m0 < m1 ? { from: m0, to: m1 } : null;
  const dayRanges = months
    ? [
        { from: d0, to: m0 },
        { from: m1, to: d1 },
      ]
    : [{ from: d0, to: d1 }];
  const edges = [
    ...(from.getTime() < d0 ? [{ from, to: new Date(d0) }] : []),
    ...(d1 < to.getTime() ? [{ from: new Date(d1), to }] : []),
  ];
  const fromEpoch = from.getTime() / 1000;

  const bucketOf = (column: string, days: number) =>
    sql<number>`floor((extract(epoch from ${sql.ref(column)})::float8 - ${fromEpoch}) / ${days * 86400})::int`;
  const inDays = sql.join(
    dayRanges
      .filter((r) => r.from < r.to)
      .map((r) => sql`(period_start >= ${dayString(r.from)}::date and period_start < ${dayString(r.to)}::date)`),
    sql` or `,
  );

  // One snapshot: the rollups, the dirty marks and the derived rows all as of the same instant.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      // Whether the rollups cover the window, the days and the histograms: one round trip.
      const { rows } = await sql<{
        config_key: string;
        same_membership: boolean;
        dirty: boolean;
        days: DayRow[];
        histogram: HistogramRow[];
      }>`
        select s.config_key, s.membership = ${organisationMembership} as same_membership,
          exists (
            select 1 from org_rollup_dirty_days where day >= ${dayString(Math.floor(from.getTime() / DAY_MS) * DAY_MS)}::date and day < ${dayString(Math.ceil(to.getTime() / DAY_MS) * DAY_MS)}::date
          ) as dirty,
          (select coalesce(json_agg(x), '[]') from (
            select deployments, failed, rework, incidents, ${bucketOf('first_deployed_at', 1)} as fd, ${bucketOf('last_deployed_at', 1)} as ld,
              ${bucketOf('first_deployed_at', 7)} as f7, ${bucketOf('last_deployed_at', 7)} as l7,
              ${bucketOf('first_deployed_at', 30)} as f30, ${bucketOf('last_deployed_at', 30)} as l30
            from (
              select deployments, failed, rework, incidents, first_deployed_at, last_deployed_at from org_rollup_days
              where day >= ${dayString(d0)}::date and day < ${dayString(d1)}::date
              union all
              select deployments, failed, rework, incidents, first_deployed_at, last_deployed_at from (${dayAggregates(config, edges)}) e
            ) d) x) as days,
          (select coalesce(json_agg(h order by h.metric, h.bucket), '[]') from (
            select metric, bucket, sum(samples)::int as samples, min(min_value) as min, max(max_value) as max from (
              select metric, bucket, samples, min_value, max_value from org_rollup_histograms
              where ${months ? sql`(period = 'month' and period_start >= ${dayString(months.from)}::date and period_start < ${dayString(months.to)}::date) or` : sql``}
                (period = 'day' and (${dayRanges.some((r) => r.from < r.to) ? inDays : sql`false`}))
              union all
              select metric, bucket, samples, min_value, max_value from (${histogramAggregates(config, edges)}) e
            ) u
            group by metric, bucket) h) as histogram
        from org_rollup_state s`.execute(trx);
      const row = rows[0];
      if (!row) return { gap: 'not built' };
      if (row.config_key !== derivationConfigKey(config)) return { gap: 'built for another config' };
      if (!row.same_membership) return { gap: 'built for other repositories or PagerDuty services' };
      if (row.dirty) return { gap: 'a day of the window awaits a refresh' };
      const { days, histogram } = row;

      const byMetric = new Map<SampleMetric, Bucket[]>();
      for (const h of histogram) byMetric.set(h.metric, [...(byMetric.get(h.metric) ?? []), h]);
      const count = (metric: SampleMetric) => (byMetric.get(metric) ?? []).reduce((n, b) => n + b.samples, 0);
      const wanted: [SampleMetric, number[]][] = [
        ['lead', [0.5, 0.75, 0.9]],
        ['coding', [0.5]],
        ['pickup', [0.5]],
        ['review', [0.5]],
        ['deploy', [0.5]],
        ['recovery', [0.5]],
        ['restore', [0.5]],
      ];
      const values = await percentiles(
        trx,
        config,
        { from, to },
        wanted.map(([metric, fractions]) => ({ buckets: byMetric.get(metric) ?? [], fractions })),
      );
      const [lead, coding, pickup, review, deploy, recovery, restore] = values;
      const sum = (k: 'deployments' | 'failed' | 'rework' | 'incidents') => days.reduce((n, d) => n + d[k], 0);
      const deployed = days.filter((d) => d.deployments > 0);
      const parts: FigureParts = {
        deployments: {
          deployments: sum('deployments'),
          failed: sum('failed'),
          rework: sum('rework'),
          recovered: count('recovery'),
          recovery: recovery![0]!,
        },
        // A UTC day overlaps at most two of the window's days: its first and last deploy say which hold a deployment.
        deploymentDays: deployed.flatMap((d) => [
          { b7: d.f7, b30: d.f30, day: d.fd! },
          { b7: d.l7, b30: d.l30, day: d.ld! },
        ]),
        changes: { changes: count('lead'), p: lead! },
        stages: { coding: coding![0]!, pickup: pickup![0]!, review: review![0]!, deploy: deploy![0]! },
        incidents: { incidents: sum('incidents'), resolved: count('restore'), restore: restore![0]! },
      };
      return { parts };
    });
}

interface DayRow {
  deployments: number;
  failed: number;
  rework: number;
  incidents: number;
  /** the window's day (24 hours from its start) of the first and the last deployment */
  fd: number | null;
  ld: number | null;
  f7: number;
  l7: number;
  f30: number;
  l30: number;
}

type HistogramRow = Bucket;

/**
 * Continuous percentiles (PostgreSQL's percentile_cont) from histograms: the value at a
 * rank is a bucket's minimum or maximum when the rank is the bucket's first or last, and
 * otherwise read from that bucket's rows in order, through its expression index; every
 * such read of one request goes to the database in one statement.
 */
async function percentiles(
  trx: Transaction<Database>,
  config: PavedConfig,
  window: Window,
  requests: { buckets: Bucket[]; fractions: number[] }[],
): Promise<(number | null)[][]> {
  interface Read {
    bucket: Bucket;
    offsets: number[];
  }
  const reads = new Map<string, Read>();
  const plans = requests.map(({ buckets, fractions }) => {
    const n = buckets.reduce((sum, b) => sum + b.samples, 0);
    const starts: number[] = [];
    buckets.reduce((cum, b) => (starts.push(cum), cum + b.samples), 0);
    // The value at a rank: known from the histogram, or a read of one bucket's sorted rows.
    const at = (rank: number): (() => number) => {
      let i = buckets.length - 1;
      while (starts[i]! > rank) i--;
      const b = buckets[i]!;
      const offset = rank - starts[i]!;
      if (b.min === b.max || offset === 0) return () => b.min;
      if (offset === b.samples - 1) return () => b.max;
      const key = `${b.metric}:${b.bucket}`;
      const read = reads.get(key) ?? { bucket: b, offsets: [] };
      read.offsets.push(offset);
      reads.set(key, read);
      return () => results.get(key)![offset - Math.min(...read.offsets)]!;
    };
    return fractions.map((fraction) => {
      if (n === 0) return () => null;
      const rank = fraction * (n - 1);
      const lower = Math.floor(rank);
      const upper = Math.ceil(rank);
      const low = at(lower);
      const high = upper === lower ? low : at(upper);
      return () => low() + (high() - low()) * (rank - lower);
    });
  });
  const results = new Map<string, number[]>();
  if (reads.size > 0) {
    const parts = [...reads.entries()].map(([key, { bucket: b, offsets }]) => {
      const s = sampleIn(b.metric, config, ORGANISATION);
      const first = Math.min(...offsets);
      return sql`select ${key}::text as key, array(
        select ${s.value} as v from ${s.table}
        where ${s.where} and paved_bucket(${s.value}) = ${b.bucket} and ${s.time} >= ${window.from} and ${s.time} < ${window.to}
        order by 1 offset ${first} limit ${Math.max(...offsets) - first + 1}) as vs`;
    });
    const { rows } = await sql<{ key: string; vs: number[] }>`${sql.join(parts, sql` union all `)}`.execute(trx);
    for (const r of rows) results.set(r.key, r.vs.map(Number));
  }
  return plans.map((plan) => plan.map((value) => value()));
}
