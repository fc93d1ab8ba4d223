import type { METRIC_PATHS } from '../definition-schema';

type MetricPath = (typeof METRIC_PATHS)[number];

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
 * How a metric rule's reason names a figure and shows its value: a service team reads
 * "median lead time is 2.5 h", and the rule's path stays in the reason for the file's authors.
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
