import type { z } from 'zod';
import { WEEK_MS } from '../lib/clock';
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  recoveryTimeLevel,
  withSampleRule,
} from './definitions';
import type { doraFigures } from './responses';
import { medianDeploymentDays } from './stats';

/** The figures of a scope over a window; the shape the API documents (metrics/responses.ts). */
export type DoraFigures = z.infer<typeof doraFigures>;

export interface Window {
  from: Date;
  to: Date;
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

/** A day with a deployment (counted in 24 hours from the window's start) with its 7- and 30-day buckets (floor(floor(x / a) / b) = floor(x / ab)). */
export const deploymentDay = (day: number): FigureParts['deploymentDays'][number] => ({
  b7: Math.floor(day / 7),
  b30: Math.floor(day / 30),
  day,
});

/**
 * The rules figures are judged by: `metrics.minimumSample` of the config, and whether the scope
 * has no incident source at all (then failures are rollbacks and reverts only: no level for the
 * change failure rate, and no recovery time, which would leave out every failure an incident shows).
 */
export interface FigureRules {
  minimumSample: number;
  deploySignalsOnly?: boolean;
}

/** The figures from their parts; both paths (derived rows, rollups) end here. */
export function assembleFigures(parts: FigureParts, { from, to }: Window, rules: FigureRules): DoraFigures {
  const sampled = (level: Parameters<typeof withSampleRule>[0], sample: number) =>
    withSampleRule(level, sample, rules.minimumSample);
  const d = parts.deployments;
  const weeks = (to.getTime() - from.getTime()) / WEEK_MS;
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
  const signalsOnly = { level: null, levelStatus: 'deploy_signals_only' } as const;
  return {
    deploymentFrequency: {
      deployments: d.deployments,
      perWeek: d.deployments / weeks,
      medianDeployDaysPerWeek: perWeekDays,
      ...sampled(deploymentFrequencyLevel(perWeekDays, perMonthDays, d.deployments), d.deployments),
    },
    leadTimeForChanges: {
      changes: parts.changes.changes,
      medianSeconds: p50,
      p75Seconds: p75,
      p90Seconds: p90,
      ...sampled(leadTimeLevel(p50), parts.changes.changes),
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
      ...(rules.deploySignalsOnly ? signalsOnly : sampled(changeFailureRateLevel(rate(d.failed)), d.deployments)),
    },
    failedDeploymentRecoveryTime: {
      failedDeployments: d.failed,
      recovered: d.recovered,
      medianSeconds: rules.deploySignalsOnly ? null : d.recovery,
      ...(rules.deploySignalsOnly ? signalsOnly : sampled(recoveryTimeLevel(d.recovery), d.recovered)),
    },
    timeToRestore: {
      incidents: parts.incidents.incidents,
      resolved: parts.incidents.resolved,
      medianSeconds: parts.incidents.restore,
    },
    reworkRate: { deployments: d.deployments, reworkDeployments: d.rework, rate: rate(d.rework) },
  };
}
