import {
  THRESHOLD_LEVELS,
  type Operator,
  type MetricPath,
  type Threshold,
  type ThresholdLevel,
} from '../lib/metric-threshold';
import { COMPARED, type ComparedMetric } from './comparison';
import type { DoraFigures } from './dora-figures';

/**
 * The one evaluator of a threshold on a DORA figure: a scorecard's `metric` rule and a
 * configured target both end here, so "change failure rate is 12%, needs ≤ 10%" reads the same
 * figure, compares it the same way and says it in the same words wherever it appears.
 */

/** Two decimals below 100, whole numbers above: what reasons show. */
export const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);
const duration = (seconds: number) =>
  seconds < 3600
    ? `${round(seconds / 60)} min`
    : seconds < 48 * 3600
      ? `${round(seconds / 3600)} h`
      : `${round(seconds / 86400)} days`;
const percent = (ratio: number) => `${round(ratio * 100)}%`;
const same = (v: number) => String(round(v));

/**
 * How a reason names a figure and shows its value: a service team reads "median lead time is
 * 2.5 h", and the path stays in the reason for the file's authors.
 */
export const METRIC_LABELS: Record<MetricPath, { label: string; show: (v: number) => string }> = {
  'deploymentFrequency.deployments': { label: 'production deployments', show: same },
  'deploymentFrequency.perWeek': { label: 'deployments per week', show: same },
  'deploymentFrequency.medianDeployDaysPerWeek': { label: 'deploy days per week (median)', show: same },
  'deploymentFrequency.level': { label: 'deployment frequency level', show: same },
  'leadTimeForChanges.medianSeconds': { label: 'median lead time', show: duration },
  'leadTimeForChanges.p75Seconds': { label: 'lead time p75', show: duration },
  'leadTimeForChanges.p90Seconds': { label: 'lead time p90', show: duration },
  'leadTimeForChanges.level': { label: 'lead time level', show: same },
  'changeFailureRate.rate': { label: 'change failure rate', show: percent },
  'changeFailureRate.level': { label: 'change failure rate level', show: same },
  'failedDeploymentRecoveryTime.medianSeconds': { label: 'median failed deployment recovery time', show: duration },
  'failedDeploymentRecoveryTime.level': { label: 'recovery time level', show: same },
  'timeToRestore.medianSeconds': { label: 'median time to restore', show: duration },
  'reworkRate.rate': { label: 'rework rate', show: percent },
};

export const SYMBOLS: Record<Operator, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' };

export function compare(a: number, op: Operator, b: number): boolean {
  return op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : a === b;
}

/** The metric a path belongs to: `changeFailureRate.rate` → `changeFailureRate`. */
export const metricOf = (path: MetricPath) => path.split('.')[0] as ComparedMetric;

/** The figure a path names; null when it has no value (too few events). */
export function figureAt(figures: DoraFigures, path: MetricPath): number | ThresholdLevel | null {
  const [group, field] = path.split('.') as [keyof DoraFigures, string];
  const value = (figures[group] as Record<string, unknown>)[field];
  return value === null || value === undefined ? null : (value as number | ThresholdLevel);
}

/** "≤ 10%", "≥ high": a threshold's bound in the words reasons use. */
export const describeBound = (t: Threshold) =>
  `${SYMBOLS[t.op]} ${typeof t.value === 'string' ? t.value : METRIC_LABELS[t.metric].show(t.value)}`;

/** A figure as reasons show it. */
export const describeFigure = (path: MetricPath, value: number | string) =>
  typeof value === 'string' ? value : METRIC_LABELS[path].show(value);

export interface ThresholdResult {
  outcome: 'pass' | 'fail' | 'no_data';
  /** The figure compared; null when there was none, or too few events to judge it. */
  value: number | ThresholdLevel | null;
  /** The events the figure rests on (deployments, changes, recoveries or resolved incidents). */
  sample: number;
  reason: string;
}

/**
 * Compares a scope's figure with a threshold. `window` closes the reason ("over the last 30 days
 * (deploymentFrequency.perWeek)"). With `minimumSample`, a figure resting on fewer events is
 * no_data (the small-sample rule of docs/metrics.md); a level below it is null, so no_data, either way.
 * @example evaluateThreshold(figures, { metric: 'changeFailureRate.rate', op: '<=', value: 0.1 }, { window: 'in Q1' })
 *   // → { outcome: 'fail', value: 0.12, sample: 50, reason: 'change failure rate is 12%, needs ≤ 10% in Q1' }
 */
export function evaluateThreshold(
  figures: DoraFigures,
  threshold: Threshold,
  how: { window: string; minimumSample?: number },
): ThresholdResult {
  const value = figureAt(figures, threshold.metric);
  const sample = COMPARED[metricOf(threshold.metric)].sample(figures);
  const { label } = METRIC_LABELS[threshold.metric];
  if (value === null)
    return {
      outcome: 'no_data',
      value,
      sample,
      reason: `${label} has no value ${how.window}: too few events to measure`,
    };
  if (how.minimumSample !== undefined && sample < how.minimumSample)
    return {
      outcome: 'no_data',
      value: null,
      sample,
      reason: `${label} rests on ${sample} events ${how.window}, fewer than the ${how.minimumSample} the small-sample rule asks`,
    };
  const ok =
    typeof threshold.value === 'string'
      ? compare(
          THRESHOLD_LEVELS.indexOf(value as ThresholdLevel),
          threshold.op,
          THRESHOLD_LEVELS.indexOf(threshold.value),
        )
      : compare(Number(value), threshold.op, threshold.value);
  return {
    outcome: ok ? 'pass' : 'fail',
    value,
    sample,
    reason: `${label} is ${describeFigure(threshold.metric, value)}${ok ? '' : `, needs ${describeBound(threshold)}`} ${how.window}`,
  };
}
