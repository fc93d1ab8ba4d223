import type { DoraFigures } from '../dora-contract';
import type { ComparedOutcome } from './outcome-checks';

/** The four outcomes the impact view compares, for one group of services and one window. */
export interface OutcomeFigures {
  services: number;
  leadTime: { medianSeconds: number | null; changes: number };
  changeFailureRate: { rate: number | null; deployments: number };
  deploymentFrequency: { perWeekPerService: number | null; deployments: number };
  recoveryTime: { medianSeconds: number | null; recovered: number };
}

export function toOutcomeFigures(services: number, f: DoraFigures | null): OutcomeFigures {
  return {
    services,
    leadTime: {
      medianSeconds: f?.leadTimeForChanges.medianSeconds ?? null,
      changes: f?.leadTimeForChanges.changes ?? 0,
    },
    changeFailureRate: { rate: f?.changeFailureRate.rate ?? null, deployments: f?.changeFailureRate.deployments ?? 0 },
    // A group's deployments scale with its size: compare per service.
    deploymentFrequency: {
      perWeekPerService: f && services > 0 ? f.deploymentFrequency.perWeek / services : null,
      deployments: f?.deploymentFrequency.deployments ?? 0,
    },
    recoveryTime: {
      medianSeconds: f?.failedDeploymentRecoveryTime.medianSeconds ?? null,
      recovered: f?.failedDeploymentRecoveryTime.recovered ?? 0,
    },
  };
}

export interface OutcomeGaps {
  leadTime: number | null;
  changeFailureRate: number | null;
  deploymentFrequency: number | null;
  recoveryTime: number | null;
  /** Mean of the gaps that have enough data; null when none has. */
  overall: number | null;
}

/**
 * Relative gap per outcome, in [-1, 1], positive when the passing group does better:
 * (worse − better) ÷ max(both) with "better" meaning lower lead time, failure rate and
 * recovery time, higher deploys per service. A gap needs at least `minSample` events
 * on each side (changes, deployments, recovered failures), else it is null. The outcomes in
 * `notCompared` (those an outcome check's rule reads: outcome-checks.ts) are null too.
 * @example outcomeGaps(passing, failing, 5).overall
 */
export function outcomeGaps(
  passing: OutcomeFigures,
  failing: OutcomeFigures,
  minSample: number,
  notCompared: readonly ComparedOutcome[] = [],
): OutcomeGaps {
  const gaps = comparedGaps(passing, failing, minSample);
  for (const outcome of notCompared) gaps[outcome] = null;
  const present = [gaps.leadTime, gaps.changeFailureRate, gaps.deploymentFrequency, gaps.recoveryTime].filter(
    (g): g is number => g !== null,
  );
  return { ...gaps, overall: meanOrNull(present) };
}

/** The mean of `values`; null for none. */
export const meanOrNull = (values: readonly number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

function comparedGaps(
  passing: OutcomeFigures,
  failing: OutcomeFigures,
  minSample: number,
): Record<ComparedOutcome, number | null> {
  const enough = (a: number, b: number) => a >= minSample && b >= minSample;
  const leadTime = enough(passing.leadTime.changes, failing.leadTime.changes)
    ? relativeGap(failing.leadTime.medianSeconds, passing.leadTime.medianSeconds, 'lower')
    : null;
  const changeFailureRate = enough(passing.changeFailureRate.deployments, failing.changeFailureRate.deployments)
    ? relativeGap(failing.changeFailureRate.rate, passing.changeFailureRate.rate, 'lower')
    : null;
  const deploymentFrequency =
    passing.services > 0 &&
    failing.services > 0 &&
    passing.deploymentFrequency.deployments + failing.deploymentFrequency.deployments >= minSample
      ? relativeGap(
          failing.deploymentFrequency.perWeekPerService,
          passing.deploymentFrequency.perWeekPerService,
          'higher',
        )
      : null;
  const recoveryTime = enough(passing.recoveryTime.recovered, failing.recoveryTime.recovered)
    ? relativeGap(failing.recoveryTime.medianSeconds, passing.recoveryTime.medianSeconds, 'lower')
    : null;
  return { leadTime, changeFailureRate, deploymentFrequency, recoveryTime };
}

/** How much better `passing` is than `failing`, relative to the larger of the two. */
export function relativeGap(failing: number | null, passing: number | null, better: 'lower' | 'higher'): number | null {
  if (failing === null || passing === null) return null;
  const scale = Math.max(Math.abs(failing), Math.abs(passing));
  if (scale === 0) return 0;
  return (better === 'lower' ? failing - passing : passing - failing) / scale;
}
