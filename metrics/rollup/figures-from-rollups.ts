import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { DAY_MS } from '../../lib/clock';
import { derivationConfigKey } from '../derive/config-key';
import type { FigureParts, Window } from '../dora-figures';
import type { SampleMetric } from '../dora-samples';
import type { ResolvedScope } from '../scope';
import {
  dayAggregates,
  histogramAggregates,
  ORGANISATION_SCOPE,
  sampleInRollupScope,
  scopeMemberships,
} from './aggregates';

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

/** Why the rollups cannot answer for a window; the figures then come from the derived rows. */
export type RollupGap =
  | 'not a rolled-up scope'
  | 'no whole day in the window'
  | 'not built'
  | 'built for another config'
  | 'built for other repositories or PagerDuty services'
  | 'a day of the window awaits a refresh';

export type RollupFigureParts = { parts: FigureParts; gap?: never } | { parts?: never; gap: RollupGap };

/** The rollup scope of a resolved scope: the organisation's, a team's, or none (a service, a list of services). */
export function rollupScopeOf(scope: ResolvedScope): number | null {
  if (scope.all) return ORGANISATION_SCOPE;
  return scope.teamId ?? null;
}

/** One figure computation the rollups may answer: a rolled-up scope over a window. */
export interface RollupRequest {
  scope: ResolvedScope;
  window: Window;
}

/**
 * A window split for the rollups: whole days [d0, d1), of which whole months [m0, m1) read the
 * month histograms (m0 = m1 = d1 when there is none), and the partial days at its edges.
 */
function split({ from, to }: Window) {
  const d0 = Math.ceil(from.getTime() / DAY_MS) * DAY_MS;
  const d1 = Math.floor(to.getTime() / DAY_MS) * DAY_MS;
  const m0 = monthStart(d0) === d0 ? d0 : nextMonthStart(d0);
  const m1 = monthStart(d1);
  const months = m0 < m1;
  const edges = [
    ...(from.getTime() < d0 ? [{ from, to: new Date(Math.min(d0, to.getTime())) }] : []),
    ...(d1 < to.getTime() && d0 < d1 ? [{ from: new Date(d1), to }] : []),
  ];
  return { d0, d1, m0: months ? m0 : d1, m1: months ? m1 : d1, edges };
}

/**
 * The figure parts of rolled-up scopes (the organisation, teams) over windows, in one snapshot
 * and a few statements whatever their number: several teams over one window (the overview's
 * teams table) or one scope over consecutive buckets (a weekly series). Whole months and whole
 * days come from the rollup tables, the partial days at each window's edges from the derived rows,
 * and each percentile exactly, from the one histogram bucket that holds its rank. A request gets
 * a gap instead when the rollups do not cover it: they are refreshed at the end of each
 * derivation, so until then the days it changed are marked dirty, and a change of config or of
 * the scope's repositories waits for a rebuild.
 */
export async function figurePartsFromRollups(
  db: Db,
  config: PavedConfig,
  requests: readonly RollupRequest[],
): Promise<RollupFigureParts[]> {
  const answers: (RollupFigureParts | undefined)[] = requests.map(({ scope, window }) => {
    if (rollupScopeOf(scope) === null) return { gap: 'not a rolled-up scope' };
    const { d0, d1 } = split(window);
    return d0 >= d1 ? { gap: 'no whole day in the window' } : undefined;
  });
  const groups = requests.flatMap(({ scope, window }, i) =>
    answers[i] ? [] : [{ i, scopeId: rollupScopeOf(scope)!, window, ...split(window) }],
  );
  if (groups.length === 0) return answers as RollupFigureParts[];
  const scopeIds = [...new Set(groups.map((g) => g.scopeId))];
  const g = sql`unnest(${groups.map((x) => x.i)}::int[], ${groups.map((x) => x.scopeId)}::int[],
    ${groups.map((x) => dayString(x.d0))}::date[], ${groups.map((x) => dayString(x.d1))}::date[],
    ${groups.map((x) => dayString(x.m0))}::date[], ${groups.map((x) => dayString(x.m1))}::date[],
    ${groups.map((x) => x.window.from.getTime() / 1000)}::float8[],
    ${groups.map((x) => dayString(Math.floor(x.window.from.getTime() / DAY_MS) * DAY_MS))}::date[],
    ${groups.map((x) => dayString(Math.ceil(x.window.to.getTime() / DAY_MS) * DAY_MS))}::date[])
    as g(i, scope_id, d0, d1, m0, m1, from_epoch, touched_from, touched_to)`;
  const edges = groups.flatMap((x) => x.edges.map((e) => ({ key: x.i, ...e })));
  const bucketOf = (column: string, days: number) =>
    sql<number>`floor((extract(epoch from ${sql.ref(column)})::float8 - g.from_epoch) / ${days * 86400})::int`;

  // One snapshot: the rollups, the dirty marks and the derived rows all as of the same instant.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const { rows: coverage } = await sql<{ i: number; config_key: string | null; same: boolean; dirty: boolean }>`
        select g.i, s.config_key, s.membership is not distinct from m.membership as same,
          exists (select 1 from org_rollup_dirty_days where day >= g.touched_from and day < g.touched_to) as dirty
        from ${g} join (${scopeMemberships(scopeIds)}) m on m.scope_id = g.scope_id
        left join org_rollup_state s on s.scope_id = g.scope_id`.execute(trx);
      const configKey = derivationConfigKey(config);
      for (const c of coverage) {
        if (c.config_key === null) answers[c.i] = { gap: 'not built' };
        else if (c.config_key !== configKey) answers[c.i] = { gap: 'built for another config' };
        else if (!c.same) answers[c.i] = { gap: 'built for other repositories or PagerDuty services' };
        else if (c.dirty) answers[c.i] = { gap: 'a day of the window awaits a refresh' };
      }
      const covered = groups.filter((x) => !answers[x.i]);
      if (covered.length === 0) return answers as RollupFigureParts[];
      // Days and histograms of every group that can be answered (the others are read and dropped: rare).
      const [{ rows: days }, { rows: histogram }] = [
        await sql<DayRow & { i: number }>`
          select g.i, deployments, failed, rework, incidents, ${bucketOf('first_deployed_at', 1)} as fd, ${bucketOf('last_deployed_at', 1)} as ld,
            ${bucketOf('first_deployed_at', 7)} as f7, ${bucketOf('last_deployed_at', 7)} as l7,
            ${bucketOf('first_deployed_at', 30)} as f30, ${bucketOf('last_deployed_at', 30)} as l30
          from ${g} join (
            select scope_id, day, deployments, failed, rework, incidents, first_deployed_at, last_deployed_at from org_rollup_days
            where scope_id in (${sql.join(scopeIds)})
          ) d on d.scope_id = g.scope_id and d.day >= g.d0 and d.day < g.d1
          union all
          select g.i, deployments, failed, rework, incidents, ${bucketOf('first_deployed_at', 1)}, ${bucketOf('last_deployed_at', 1)},
            ${bucketOf('first_deployed_at', 7)}, ${bucketOf('last_deployed_at', 7)},
            ${bucketOf('first_deployed_at', 30)}, ${bucketOf('last_deployed_at', 30)}
          from ${g} join (${dayAggregates(config, scopeIds, edges)}) d on d.key = g.i and d.scope_id = g.scope_id`.execute(
          trx,
        ),
        await sql<Bucket & { i: number }>`
          select i, metric, bucket, sum(samples)::int as samples, min(min_value) as min, max(max_value) as max from (
            select g.i, h.metric, h.bucket, h.samples, h.min_value, h.max_value
            from ${g} join org_rollup_histograms h on h.scope_id = g.scope_id
              and ((h.period = 'month' and h.period_start >= g.m0 and h.period_start < g.m1)
                or (h.period = 'day' and ((h.period_start >= g.d0 and h.period_start < g.m0) or (h.period_start >= g.m1 and h.period_start < g.d1))))
            union all
            select g.i, e.metric, e.bucket, e.samples, e.min_value, e.max_value
            from ${g} join (${histogramAggregates(config, scopeIds, edges)}) e on e.key = g.i and e.scope_id = g.scope_id
          ) u
          group by i, metric, bucket
          order by i, metric, bucket`.execute(trx),
      ];
      const daysOf = new Map<number, DayRow[]>();
      for (const d of days) daysOf.set(d.i, [...(daysOf.get(d.i) ?? []), d]);
      const bucketsOf = new Map<string, Bucket[]>();
      for (const h of histogram) {
        const key = `${h.i}:${h.metric}`;
        bucketsOf.set(key, [...(bucketsOf.get(key) ?? []), h]);
      }
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
        covered.flatMap((x) =>
          wanted.map(([metric, fractions]) => ({
            group: x.i,
            scopeId: x.scopeId,
            window: x.window,
            metric,
            buckets: bucketsOf.get(`${x.i}:${metric}`) ?? [],
            fractions,
          })),
        ),
      );
      covered.forEach((x, n) => {
        const [lead, coding, pickup, review, deploy, recovery, restore] = values.slice(
          n * wanted.length,
          (n + 1) * wanted.length,
        );
        const count = (metric: SampleMetric) =>
          (bucketsOf.get(`${x.i}:${metric}`) ?? []).reduce((sum, b) => sum + b.samples, 0);
        answers[x.i] = {
          parts: figureParts(daysOf.get(x.i) ?? [], count, {
            lead: lead!,
            coding: coding![0]!,
            pickup: pickup![0]!,
            review: review![0]!,
            deploy: deploy![0]!,
            recovery: recovery![0]!,
            restore: restore![0]!,
          }),
        };
      });
      return answers as RollupFigureParts[];
    });
}

/** The organisation's figure parts over one window from its rollups, or why they cannot answer. */
export async function orgFigurePartsFromRollups(
  db: Db,
  config: PavedConfig,
  window: Window,
): Promise<RollupFigureParts> {
  const [answer] = await figurePartsFromRollups(db, config, [
    { scope: { serviceIds: [], repositoryIds: [], all: true }, window },
  ]);
  return answer!;
}

function figureParts(
  days: DayRow[],
  count: (metric: SampleMetric) => number,
  p: Record<Exclude<SampleMetric, 'lead'>, number | null> & { lead: (number | null)[] },
): FigureParts {
  const sum = (k: 'deployments' | 'failed' | 'rework' | 'incidents') => days.reduce((n, d) => n + d[k], 0);
  const deployed = days.filter((d) => d.deployments > 0);
  return {
    deployments: {
      deployments: sum('deployments'),
      failed: sum('failed'),
      rework: sum('rework'),
      recovered: count('recovery'),
      recovery: p.recovery,
    },
    // A UTC day overlaps at most two of the window's days: its first and last deploy say which hold a deployment.
    deploymentDays: deployed.flatMap((d) => [
      { b7: d.f7, b30: d.f30, day: d.fd! },
      { b7: d.l7, b30: d.l30, day: d.ld! },
    ]),
    changes: { changes: count('lead'), p: p.lead },
    stages: { coding: p.coding, pickup: p.pickup, review: p.review, deploy: p.deploy },
    incidents: { incidents: sum('incidents'), resolved: count('restore'), restore: p.restore },
  };
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

interface PercentileRequest {
  group: number;
  scopeId: number;
  window: Window;
  metric: SampleMetric;
  buckets: Bucket[];
  fractions: number[];
}

/**
 * Continuous percentiles (PostgreSQL's percentile_cont) from histograms: the value at a
 * rank is a bucket's minimum or maximum when the rank is the bucket's first or last, and
 * otherwise read from that bucket's rows in order, through its expression index; every
 * such read of one request goes to the database in one statement.
 */
async function percentiles(
  trx: Transaction<Database>,
  config: PavedConfig,
  requests: PercentileRequest[],
): Promise<(number | null)[][]> {
  interface Read {
    request: PercentileRequest;
    bucket: Bucket;
    offsets: number[];
  }
  const reads = new Map<string, Read>();
  const results = new Map<string, number[]>();
  const plans = requests.map((request) => {
    const { buckets, fractions } = request;
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
      const key = `${request.group}:${b.metric}:${b.bucket}`;
      const read = reads.get(key) ?? { request, bucket: b, offsets: [] };
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
  if (reads.size > 0) {
    const parts = [...reads.entries()].map(([key, { request, bucket: b, offsets }]) => {
      const s = sampleInRollupScope(b.metric, config, request.scopeId);
      const first = Math.min(...offsets);
      return sql`select ${key}::text as key, array(
        select ${s.value} as v from ${s.table}
        where ${s.where} and paved_bucket(${s.value}) = ${b.bucket} and ${s.time} >= ${request.window.from} and ${s.time} < ${request.window.to}
        order by 1 offset ${first} limit ${Math.max(...offsets) - first + 1}) as vs`;
    });
    const { rows } = await sql<{ key: string; vs: number[] }>`${sql.join(parts, sql` union all `)}`.execute(trx);
    for (const r of rows) results.set(r.key, r.vs.map(Number));
  }
  return plans.map((plan) => plan.map((value) => value()));
}
