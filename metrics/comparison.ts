import type { DoraFigures } from './dora-figures';

/**
 * `ok`: both windows are collected in full and rest on enough events; `partial_coverage`: the
 * previous window starts before the scope's collected history, so no change is given;
 * `too_few`: either side rests on fewer events than `metrics.minimumSample`, so the change is
 * given but judges nothing.
 */
export const COMPARISON_STATUSES = ['ok', 'partial_coverage', 'too_few'] as const;
export type ComparisonStatus = (typeof COMPARISON_STATUSES)[number];

export interface Comparison {
  status: ComparisonStatus;
  /** Relative change in percent, or the change in percentage points for rates; null when there is none to give. */
  change: number | null;
  unit: 'percent' | 'points';
  /** The events each side rests on. */
  samples: { current: number; previous: number };
}

type Spec = {
  value: (f: DoraFigures) => number | null;
  sample: (f: DoraFigures) => number;
  unit: Comparison['unit'];
};

/** Which value each comparison compares and which events it rests on (the same counts the levels rest on). */
export const COMPARED = {
  deploymentFrequency: {
    value: (f) => f.deploymentFrequency.perWeek,
    sample: (f) => f.deploymentFrequency.deployments,
    unit: 'percent',
  },
  leadTimeForChanges: {
    value: (f) => f.leadTimeForChanges.medianSeconds,
    sample: (f) => f.leadTimeForChanges.changes,
    unit: 'percent',
  },
  changeFailureRate: {
    value: (f) => f.changeFailureRate.rate,
    sample: (f) => f.changeFailureRate.deployments,
    unit: 'points',
  },
  failedDeploymentRecoveryTime: {
    value: (f) => f.failedDeploymentRecoveryTime.medianSeconds,
    sample: (f) => f.failedDeploymentRecoveryTime.recovered,
    unit: 'percent',
  },
  timeToRestore: {
    value: (f) => f.timeToRestore.medianSeconds,
    sample: (f) => f.timeToRestore.resolved,
    unit: 'percent',
  },
  reworkRate: { value: (f) => f.reworkRate.rate, sample: (f) => f.reworkRate.deployments, unit: 'points' },
} satisfies Record<string, Spec>;

export type ComparedMetric = keyof typeof COMPARED;
export type Comparisons = Record<ComparedMetric, Comparison>;

/** Whether a window lies within the collected history that starts at `historyFrom` (unknown: assumed so). */
export const isCovered = (from: Date, historyFrom: Date | null) =>
  historyFrom === null || from.getTime() >= historyFrom.getTime();

/**
 * The change of each metric from the previous window, under the coverage and small-sample rules.
 * @example compareFigures(current, previous, { previousFrom, historyFrom, minimumSample: 5 }).changeFailureRate
 *   // → { status: 'too_few', change: 12.5, unit: 'points', samples: { current: 8, previous: 2 } }
 */
export function compareFigures(
  current: DoraFigures,
  previous: DoraFigures,
  rules: { previousFrom: Date; historyFrom: Date | null; minimumSample: number },
): Comparisons {
  const covered = isCovered(rules.previousFrom, rules.historyFrom);
  const compare = (spec: Spec): Comparison => {
    const samples = { current: spec.sample(current), previous: spec.sample(previous) };
    const status: ComparisonStatus = !covered
      ? 'partial_coverage'
      : Math.min(samples.current, samples.previous) < rules.minimumSample
        ? 'too_few'
        : 'ok';
    return { status, change: covered ? changeOf(spec, current, previous) : null, unit: spec.unit, samples };
  };
  return Object.fromEntries(Object.entries(COMPARED).map(([id, spec]) => [id, compare(spec)])) as Comparisons;
}

function changeOf(spec: Spec, current: DoraFigures, previous: DoraFigures): number | null {
  const [now, before] = [spec.value(current), spec.value(previous)];
  if (now === null || before === null || spec.sample(previous) === 0) return null;
  if (spec.unit === 'points') return (now - before) * 100;
  return before === 0 ? null : ((now - before) / before) * 100;
}
