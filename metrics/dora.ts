import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  recoveryTimeLevel,
  type Level,
} from './definitions';
import { countedIncident } from './derive/incident-filter';
import { resolveScope, type DoraScope, type ResolvedScope } from './scope';
import { orgFigurePartsFromRollups } from './rollup/org-figures';
import { medianDeploymentDays } from './stats';

export type { Level } from './definitions';
export type { DoraScope } from './scope';

export interface DoraFigures {
  deploymentFrequency: { deployments: number; perWeek: number; medianDeployDaysPerWeek: number; level: Level | null };
  leadTimeForChanges: {
    changes: number;
    medianSeconds: number | null;
    p75Seconds: number | null;
    p90Seconds: number | null;
    level: Level | null;
    stages: {
      codingSeconds: number | null;
      pickupSeconds: number | null;
      reviewSeconds: number | null;
      deploySeconds: number | null;
    };
  };
  changeFailureRate: { deployments: number; failedDeployments: number; rate: number | null; level: Level | null };
  failedDeploymentRecoveryTime: {
    failedDeployments: number;
    recovered: number;
    medianSeconds: number | null;
    level: Level | null;
  };
  timeToRestore: { incidents: number; resolved: number; medianSeconds: number | null };
  reworkRate: { deployments: number; reworkDeployments: number; rate: number | null };
}

export interface Window {
  from: Date;
  to: Date;
}

const NONE = [-1];
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The DORA figures of a scope over [from, to), pooled over the scope's services (never a
 * median of medians), from the derived tables. See docs/metrics.md.
 * @example await getDoraFigures(db, config, { type: 'team', slug: 'payments' }, { from, to })
 */
export async function getDoraFigures(
  db: Db,
  config: PavedConfig,
  scope: DoraScope,
  window: Window,
): Promise<DoraFigures> {
  const resolved = await resolveScope(db, scope);
  return computeFigures(db, config, resolved ?? { serviceIds: [], repositoryIds: [] }, window);
}

/** What the figures are computed from: counts, medians and percentiles, and the days with deployments. */
export interface FigureParts {
  deployments: { deployments: number; failed: number; rework: number; recovered: number; recovery: number | null };
  /** (7-day bucket, 30-day bucket, day) of each day with a deployment, days counted in 24 hours from the window's start; repeats are harmless */
  deploymentDays: { b7: number; b30: number; day: number }[];
  changes: { changes: number; p: (number | null)[] | null };
  stages: { coding: number | null; pickup: number | null; review: number | null; deploy: number | null };
  incidents: { incidents: number; resolved: number; restore: number | null };
}

export async function computeFigures(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  window: Window,
): Promise<DoraFigures> {
  // The organisation's figures come from its rollups when they cover the window; they are the same numbers, summed from fewer rows.
  const parts =
    (scope.all ? await orgFigurePartsFromRollups(db, config, window) : null) ??
    (await figurePartsFromDerivedRows(db, config, scope, window));
  return assembleFigures(parts, window);
}

/** The figure parts read straight from the derived rows. */
export async function figurePartsFromDerivedRows(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  { from, to }: Window,
): Promise<FigureParts> {
  const repos = scope.repositoryIds.length ? scope.repositoryIds : NONE;
  const services = scope.serviceIds.length ? scope.serviceIds : NONE;
  // The organisation pools every linked repository; skipping the filter saves a 1,000-element IN list.
  const inScope = scope.all
    ? sql`repository_id in (select repository_id from service_repositories)`
    : sql`repository_id in (${sql.join(repos)})`;
  const inWindow = sql`${inScope} and deployed_at >= ${from} and deployed_at < ${to}`;
  const fromEpoch = from.getTime() / 1000;
  const [deployments, days, changes, stages, incidents] = await Promise.all([
    sql<{ deployments: number; failed: number; rework: number; recovered: number; recovery: number | null }>`
      select count(*)::int as deployments, count(*) filter (where failed)::int as failed, count(*) filter (where rework)::int as rework,
        count(*) filter (where failed and recovered_at is not null)::int as recovered,
        percentile_cont(0.5) within group (order by extract(epoch from recovered_at - deployed_at)) filter (where failed and recovered_at is not null) as recovery
      from derived_deployments where ${inWindow}`.execute(db),
    // Integer arithmetic on epoch seconds: the day (24 hours counted from the window's start) and the 7- and 30-day bucket indexes.
    sql<{ b7: number; b30: number; day: number }>`
      select b7, b30, day from (
        select floor((extract(epoch from deployed_at)::float8 - ${fromEpoch}) / ${7 * 86400})::int as b7,
          floor((extract(epoch from deployed_at)::float8 - ${fromEpoch}) / ${30 * 86400})::int as b30,
          floor((extract(epoch from deployed_at)::float8 - ${fromEpoch}) / 86400)::int as day
        from derived_deployments where ${inWindow}) x
      group by b7, b30, day`.execute(db),
    // One sort serves the three lead-time percentiles; the stage medians run beside it.
    sql<{ changes: number; p: number[] | null }>`
      select count(*)::int as changes, percentile_cont(array[0.5, 0.75, 0.9]) within group (order by lead_time_seconds) as p
      from derived_changes where ${inWindow} and lead_time_seconds > 0`.execute(db),
    sql<{ coding: number | null; pickup: number | null; review: number | null; deploy: number | null }>`
      select percentile_cont(0.5) within group (order by coding_seconds) filter (where kind = 'pull_request') as coding,
        percentile_cont(0.5) within group (order by pickup_seconds) filter (where kind = 'pull_request' and pickup_seconds is not null) as pickup,
        percentile_cont(0.5) within group (order by review_seconds) filter (where kind = 'pull_request' and review_seconds is not null) as review,
        percentile_cont(0.5) within group (order by deploy_seconds) filter (where kind = 'pull_request') as deploy
      from derived_changes where ${inWindow} and lead_time_seconds > 0 and kind = 'pull_request'`.execute(db),
    sql<{ incidents: number; resolved: number; restore: number | null }>`
      select count(*)::int as incidents, count(*) filter (where i.resolved_at is not null)::int as resolved,
        percentile_cont(0.5) within group (order by extract(epoch from i.resolved_at - i.created_at)) filter (where i.resolved_at is not null) as restore
      from incidents i
      where i.created_at >= ${from} and i.created_at < ${to} and ${countedIncident(config)}
        and i.pagerduty_service_id in (select pagerduty_service_id from service_pagerduty_services ${scope.all ? sql`` : sql`where service_id in (${sql.join(services)})`})`.execute(
      db,
    ),
  ]);
  const d = deployments.rows[0]!;
  const c = changes.rows[0]!;
  const st = stages.rows[0]!;
  const inc = incidents.rows[0]!;
  return {
    deployments: {
      deployments: d.deployments,
      failed: d.failed,
      rework: d.rework,
      recovered: d.recovered,
      recovery: num(d.recovery),
    },
    deploymentDays: days.rows,
    changes: { changes: c.changes, p: c.p ? c.p.map(num) : null },
    stages: { coding: num(st.coding), pickup: num(st.pickup), review: num(st.review), deploy: num(st.deploy) },
    incidents: { incidents: inc.incidents, resolved: inc.resolved, restore: num(inc.restore) },
  };
}

export function assembleFigures(parts: FigureParts, { from, to }: Window): DoraFigures {
  const d = parts.deployments;
  const weeks = (to.getTime() - from.getTime()) / (7 * 86_400_000);
  const perWeekDays = medianDeploymentDays(
    parts.deploymentDays.map((r) => ({ bucket: r.b7, day: String(r.day) })),
    from,
    to,
    7,
  );
  const perMonthDays = medianDeploymentDays(
    parts.deploymentDays.map((r) => ({ bucket: r.b30, day: String(r.day) })),
    from,
    to,
    30,
  );
  const rate = (part: number) => (d.deployments === 0 ? null : part / d.deployments);
  const [p50, p75, p90] = [parts.changes.p?.[0] ?? null, parts.changes.p?.[1] ?? null, parts.changes.p?.[2] ?? null];
  const st = parts.stages;
  return {
    deploymentFrequency: {
      deployments: d.deployments,
      perWeek: d.deployments / weeks,
      medianDeployDaysPerWeek: perWeekDays,
      level: deploymentFrequencyLevel(perWeekDays, perMonthDays, d.deployments),
    },
    leadTimeForChanges: {
      changes: parts.changes.changes,
      medianSeconds: p50,
      p75Seconds: p75,
      p90Seconds: p90,
      level: leadTimeLevel(p50),
      stages: {
        codingSeconds: st.coding,
        pickupSeconds: st.pickup,
        reviewSeconds: st.review,
        deploySeconds: st.deploy,
      },
    },
    changeFailureRate: {
      deployments: d.deployments,
      failedDeployments: d.failed,
      rate: rate(d.failed),
      level: changeFailureRateLevel(rate(d.failed)),
    },
    failedDeploymentRecoveryTime: {
      failedDeployments: d.failed,
      recovered: d.recovered,
      medianSeconds: d.recovery,
      level: recoveryTimeLevel(d.recovery),
    },
    timeToRestore: {
      incidents: parts.incidents.incidents,
      resolved: parts.incidents.resolved,
      medianSeconds: parts.incidents.restore,
    },
    reworkRate: { deployments: d.deployments, reworkDeployments: d.rework, rate: rate(d.rework) },
  };
}
