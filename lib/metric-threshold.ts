import { z } from 'zod';

/**
 * A threshold on one DORA figure — `changeFailureRate.rate <= 0.1` — as both the scorecards'
 * `metric` rule and the config's `targets` write it. One contract for both files; the one
 * evaluator is `metrics/thresholds.ts`.
 */

export const OPERATORS = ['>=', '>', '<=', '<', '=='] as const;
export type Operator = (typeof OPERATORS)[number];

/** DORA levels in ascending order, as a threshold compares them (low < medium < high < elite). */
export const THRESHOLD_LEVELS = ['low', 'medium', 'high', 'elite'] as const;
export type ThresholdLevel = (typeof THRESHOLD_LEVELS)[number];

/** Every DORA figure a threshold may name: `<metric>.<field>` of `DoraFigures`. */
export const METRIC_PATHS = [
  'deploymentFrequency.deployments',
  'deploymentFrequency.perWeek',
  'deploymentFrequency.medianDeployDaysPerWeek',
  'deploymentFrequency.level',
  'leadTimeForChanges.medianSeconds',
  'leadTimeForChanges.p75Seconds',
  'leadTimeForChanges.p90Seconds',
  'leadTimeForChanges.level',
  'changeFailureRate.rate',
  'changeFailureRate.level',
  'failedDeploymentRecoveryTime.medianSeconds',
  'failedDeploymentRecoveryTime.level',
  'timeToRestore.medianSeconds',
  'reworkRate.rate',
] as const;
export type MetricPath = (typeof METRIC_PATHS)[number];

export interface Threshold {
  metric: MetricPath;
  op: Operator;
  value: number | ThresholdLevel;
}

/** The keys of a threshold, for a strict object that adds its own (windowDays, team, due…). */
export const thresholdFields = {
  metric: z.enum(METRIC_PATHS),
  op: z.enum(OPERATORS),
  value: z.union([z.number(), z.enum(THRESHOLD_LEVELS)]),
};

/** A level path takes a level, any other path a number: the refinement both files apply. */
export const levelValueMatches = (t: { metric: MetricPath; value: number | string }) =>
  t.metric.endsWith('.level') === (typeof t.value === 'string');
export const LEVEL_VALUE_PROBLEM = {
  message: 'a level (low, medium, high, elite) for a .level metric, a number for any other',
  path: ['value'],
};
