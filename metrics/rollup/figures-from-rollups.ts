import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import type { PavedConfig } from '../../lib/config';
import { DAY_MS } from '../../lib/clock';
import { derivationConfigKey } from '../derive/config-key';
import { deploymentDay, type FigureParts, type Window } from '../dora-figures';
import type { SampleMetric } from '../dora-samples';
import type { ResolvedScope } from '../scope';
import {
  dayAggregates,
  histogramAggregates,
  ORGANISATION_SCOPE,
  sampleInRollupScope,
  scopeMemberships,
} from './aggregates';
import type { KeyedRanges } from './time-ranges';
import { epochSeconds } from '../epoch-seconds';

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
  /** every row of the bucket lists its values: a rank in it is read from the lists, not the derived rows */
  listed: boolean;
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

/**
 * The histogram rows of a group (the lateral `g`: scope, whole months [m0, m1), whole days
 * [d0, m0) and [m1, d1)), each a range of the primary key; `only` narrows them to some
 * (metric, bucket) pairs (columns `w.metric`, `w.bucket`).
 */
const histogramRows = (only: RawBuilder<boolean> | null) => {
  const rows = (period: 'day' | 'month', from: string, to: string) =>
    sql`select metric, bucket, samples, min_value, max_value, listed_values, listed_counts from org_rollup_histograms
      where scope_id = g.scope_id and period = ${period} and period_start >= ${sql.ref(`g.${from}`)} and period_start < ${sql.ref(`g.${to}`)}
        and ${only ?? sql`true`}`;
  return sql`${rows('month', 'm0', 'm1')} union all ${rows('day', 'd0', 'm0')} union all ${rows('day', 'm1', 'd1')}`;
};

/**
 * A statement's reads of the partial days at windows' edges, left out when there are none
 * (whole-day windows, the pages' own): planning them costs several milliseconds even when they
 * read nothing.
 */
const onEdges = (edges: readonly unknown[], part: RawBuilder<unknown>) => (edges.length > 0 ? part : sql``);

/** The rollup scope of a resolved scope: the organisation's, a team's, or none (a service, a list of services). */
function rollupScopeOf(scope: ResolvedScope): number | null {
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
    answers[i]
      ? []
      : [
          {
            i,
            scopeId: rollupScopeOf(scope)!,
            window,
            ...split(window),
            // the days a window touches, partial ones included: a dirty one sets the rollups aside
            touched: [
              Math.floor(window.from.getTime() / DAY_MS) * DAY_MS,
              Math.ceil(window.to.getTime() / DAY_MS) * DAY_MS,
            ] as const,
          },
        ],
  );
  if (groups.length === 0) return answers as RollupFigureParts[];
  const scopeIds = [...new Set(groups.map((g) => g.scopeId))];
  // The partial days at the windows' edges, each distinct one once (several teams' windows share
  // theirs); a group names its own (e0 before its whole days, e1 after them; -1 for none).
  const edges: { key: number; from: Date; to: Date }[] = [];
  const edgeKeys = new Map<string, number>();
  const edgeKey = (edge: Window | undefined) => {
    if (!edge) return -1;
    const id = `${edge.from.getTime()}:${edge.to.getTime()}`;
    if (!edgeKeys.has(id)) {
      edgeKeys.set(id, edges.length);
      edges.push({ key: edges.length, ...edge });
    }
    return edgeKeys.get(id)!;
  };
  const groupEdges = groups.map((x) => [edgeKey(x.edges[0]), edgeKey(x.edges[1])] as const);
  const g = sql`unnest(${groups.map((x) => x.i)}::int[], ${groups.map((x) => x.scopeId)}::int[],
    ${groups.map((x) => dayString(x.d0))}::date[], ${groups.map((x) => dayString(x.d1))}::date[],
    ${groups.map((x) => dayString(x.m0))}::date[], ${groups.map((x) => dayString(x.m1))}::date[],
    ${groups.map((x) => x.window.from.getTime() / 1000)}::float8[],
    ${groupEdges.map((e) => e[0])}::int[], ${groupEdges.map((e) => e[1])}::int[])
    as g(i, scope_id, d0, d1, m0, m1, from_epoch, e0, e1)`;
  // The window's day (24 hours counted from its start) of an instant.
  const dayOf = (column: string) => sql<number>`floor((${epochSeconds(sql.ref(column))} - g.from_epoch) / 86400)::int`;

  // One snapshot: the rollups, the dirty marks and the derived rows all as of the same instant.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const [{ rows: states }, { rows: dirty }] = [
        await sql<{ scope_id: number; membership: string; config_key: string | null; built: string | null }>`
          select m.scope_id, m.membership, s.config_key, s.membership as built
          from (${scopeMemberships(scopeIds)}) m left join org_rollup_state s on s.scope_id = m.scope_id`.execute(trx),
        await sql<{ day: string }>`select day::text as day from org_rollup_dirty_days
          where day >= ${dayString(Math.min(...groups.map((x) => x.touched[0])))}::date
            and day < ${dayString(Math.max(...groups.map((x) => x.touched[1])))}::date`.execute(trx),
      ];
      const stateOf = new Map(states.map((s) => [s.scope_id, s]));
      const dirtyDays = dirty.map((d) => Date.parse(`${d.day}T00:00:00Z`));
      const configKey = derivationConfigKey(config);
      for (const x of groups) {
        const state = stateOf.get(x.scopeId)!;
        if (state.config_key === null) answers[x.i] = { gap: 'not built' };
        else if (state.config_key !== configKey) answers[x.i] = { gap: 'built for another config' };
        else if (state.built !== state.membership)
          answers[x.i] = { gap: 'built for other repositories or PagerDuty services' };
        else if (dirtyDays.some((day) => day >= x.touched[0] && day < x.touched[1]))
          answers[x.i] = { gap: 'a day of the window awaits a refresh' };
      }
      const covered = groups.filter((x) => !answers[x.i]);
      if (covered.length === 0) return answers as RollupFigureParts[];
      // Days and histograms of every group that can be answered (the others are read and dropped: rare).
      const [{ rows: days }, { rows: histogram }] = [
        // Per group: the sums, and the window's day of each day's first and last deployment.
        await sql<DaySummary & { i: number }>`
          select i, sum(deployments)::int as deployments, sum(failed)::int as failed, sum(rework)::int as rework,
            sum(incidents)::int as incidents,
            coalesce(array_agg(fd) filter (where deployments > 0), '{}') as fd,
            coalesce(array_agg(ld) filter (where deployments > 0), '{}') as ld
          from (
            select g.i, deployments, failed, rework, incidents, ${dayOf('first_deployed_at')} as fd, ${dayOf('last_deployed_at')} as ld
            from ${g} cross join lateral (
              select * from org_rollup_days d where d.scope_id = g.scope_id and d.day >= g.d0 and d.day < g.d1
            ) d
            ${onEdges(
              edges,
              sql`union all
              select g.i, deployments, failed, rework, incidents, ${dayOf('first_deployed_at')}, ${dayOf('last_deployed_at')}
              from ${g} join (${dayAggregates(config, scopeIds, edges)}) d on d.key in (g.e0, g.e1) and d.scope_id = g.scope_id`,
            )}
          ) d
          group by i`.execute(trx),
        await sql<Bucket & { i: number }>`
          select g.i, h.metric, h.bucket, sum(h.samples)::int as samples, min(h.min_value) as min, max(h.max_value) as max,
            bool_and(h.listed_values is not null) as listed
          from ${g} cross join lateral (${histogramRows(null)}) h
          group by 1, 2, 3
          ${onEdges(
            edges,
            sql`union all
            select g.i, e.metric, e.bucket, e.samples, e.min_value, e.max_value, e.listed_values is not null
            from ${g} join (${histogramAggregates(config, scopeIds, edges)}) e on e.key in (g.e0, g.e1) and e.scope_id = g.scope_id`,
          )}`.execute(trx),
      ];
      const daysOf = new Map(days.map((d) => [d.i, d]));
      // A bucket's rows from the rollups and from the partial days, summed; in value order per metric.
      const merged = new Map<string, Bucket & { i: number }>();
      for (const h of histogram) {
        const key = `${h.i}:${h.metric}:${h.bucket}`;
        const seen = merged.get(key);
        merged.set(
          key,
          seen
            ? {
                ...seen,
                samples: seen.samples + h.samples,
                min: Math.min(seen.min, h.min),
                max: Math.max(seen.max, h.max),
                listed: seen.listed && h.listed,
              }
            : h,
        );
      }
      const bucketsOf = new Map<string, Bucket[]>();
      for (const h of [...merged.values()].sort((a, b) => a.bucket - b.bucket)) {
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
        { g, scopeIds, edges },
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
          parts: figureParts(daysOf.get(x.i) ?? NO_DAYS, count, {
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
  days: DaySummary,
  count: (metric: SampleMetric) => number,
  p: Record<Exclude<SampleMetric, 'lead'>, number | null> & { lead: (number | null)[] },
): FigureParts {
  return {
    deployments: {
      deployments: days.deployments,
      failed: days.failed,
      rework: days.rework,
      recovered: count('recovery'),
      recovery: p.recovery,
    },
    // A UTC day overlaps at most two of the window's days: its first and last deploy say which hold a deployment.
    deploymentDays: [...days.fd, ...days.ld].map(deploymentDay),
    changes: { changes: count('lead'), p: p.lead },
    stages: { coding: p.coding, pickup: p.pickup, review: p.review, deploy: p.deploy },
    incidents: { incidents: days.incidents, resolved: count('restore'), restore: p.restore },
  };
}

/** A group's days: the sums, and per day with a deployment (the same index in each list) where its first and last deployment fall. */
interface DaySummary {
  deployments: number;
  failed: number;
  rework: number;
  incidents: number;
  /** the window's day (24 hours from its start) of the first and the last deployment */
  fd: number[];
  ld: number[];
}

const NO_DAYS: DaySummary = {
  deployments: 0,
  failed: 0,
  rework: 0,
  incidents: 0,
  fd: [],
  ld: [],
};

/** The value at an offset (from 0) of the values a list holds, each as often as its count says. */
function valueAt(list: readonly { value: number; count: number }[], offset: number): number {
  let seen = 0;
  for (const { value, count } of list) {
    seen += count;
    if (offset < seen) return value;
  }
  throw new Error(`offset ${offset} past the ${seen} listed values`);
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
 * Continuous percentiles (PostgreSQL's percentile_cont) from histograms: the value at a rank is a
 * bucket's minimum or maximum when the rank is the bucket's first or last; otherwise it is read
 * from the bucket's value lists in the rollups when every row of it lists its values, else from the
 * bucket's derived rows in order, through its expression index. Each kind of read goes to the
 * database in one statement for every request.
 */
async function percentiles(
  trx: Transaction<Database>,
  config: PavedConfig,
  source: { g: RawBuilder<unknown>; scopeIds: number[]; edges: NonNullable<KeyedRanges> },
  requests: PercentileRequest[],
): Promise<(number | null)[][]> {
  interface Read {
    request: PercentileRequest;
    bucket: Bucket;
    offsets: number[];
  }
  const reads = new Map<string, Read>();
  /** per read key: the values at its offsets, ascending from the smallest one (row reads) */
  const results = new Map<string, number[]>();
  /** per read key: the bucket's distinct values, ascending, with their counts (list reads) */
  const lists = new Map<string, { value: number; count: number }[]>();
  const plans = requests.map((request) => {
    const { buckets, fractions } = request;
    const n = buckets.reduce((sum, b) => sum + b.samples, 0);
    const starts: number[] = [];
    buckets.reduce((cum, b) => (starts.push(cum), cum + b.samples), 0);
    // The value at a rank: known from the histogram, or a read of one bucket's values in order.
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
      return () =>
        b.listed ? valueAt(lists.get(key)!, offset) : results.get(key)![offset - Math.min(...read.offsets)]!;
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
  const listed = [...reads.values()].filter((r) => r.bucket.listed);
  if (listed.length > 0) {
    // The lists of the bucket's rows (rollups and partial days), merged: its values, each as often as it occurs.
    const w = sql`unnest(${listed.map((r) => r.request.group)}::int[], ${listed.map((r) => r.bucket.metric)}::text[],
      ${listed.map((r) => r.bucket.bucket)}::int[]) as w(i, metric, bucket)`;
    const { rows } = await sql<{ i: number; metric: string; bucket: number; v: number; n: number }>`
      select i, metric, bucket, u.v, sum(u.n)::int as n from (
        select w.i, w.metric, w.bucket, h.listed_values, h.listed_counts
        from ${w} join ${source.g} on g.i = w.i
        cross join lateral (${histogramRows(sql`metric = w.metric and bucket = w.bucket`)}) h
        ${onEdges(
          source.edges,
          sql`union all
          select w.i, w.metric, w.bucket, e.listed_values, e.listed_counts
          from ${w} join ${source.g} on g.i = w.i
          join (${histogramAggregates(config, source.scopeIds, source.edges)}) e
            on e.key in (g.e0, g.e1) and e.scope_id = g.scope_id and e.metric = w.metric and e.bucket = w.bucket`,
        )}
      ) r cross join lateral unnest(r.listed_values, r.listed_counts) as u(v, n)
      group by 1, 2, 3, 4
      order by 1, 2, 3, 4`.execute(trx);
    for (const r of rows) {
      const key = `${r.i}:${r.metric}:${r.bucket}`;
      lists.set(key, [...(lists.get(key) ?? []), { value: r.v, count: r.n }]);
    }
  }
  const fromRows = [...reads.entries()].filter(([, r]) => !r.bucket.listed);
  if (fromRows.length > 0) {
    const parts = fromRows.map(([key, { request, bucket: b, offsets }]) => {
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
