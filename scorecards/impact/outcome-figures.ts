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

/** The events an outcome's figure rests on: changes, deployments or recoveries. */
export const OUTCOME_EVENTS: Record<ComparedOutcome, (o: OutcomeFigures) => number> = {
  leadTime: (o) => o.leadTime.changes,
  changeFailureRate: (o) => o.changeFailureRate.deployments,
  deploymentFrequency: (o) => o.deploymentFrequency.deployments,
  recoveryTime: (o) => o.recoveryTime.recovered,
};

/**
 * The small-sample rule of every comparison on the impact view (docs/scorecards.md): each side
 * needs `minSample` events of the outcome's kind; for deployment frequency both sides need a
 * service and `minSample` deployments between them.
 * @example enoughToCompare('leadTime', { services: 2, events: 12 }, { services: 2, events: 4 }, 5) // false
 */
export function enoughToCompare(
  outcome: ComparedOutcome,
  a: { services: number; events: number },
  b: { services: number; events: number },
  minSample: number,
): boolean {
  return outcome === 'deploymentFrequency'
    ? a.services > 0 && b.services > 0 && a.events + b.events >= minSample
    : a.events >= minSample && b.events >= minSample;
}

function comparedGaps(
  passing: OutcomeFigures,
  failing: OutcomeFigures,
  minSample: number,
): Record<ComparedOutcome, number | null> {
  const enough = (outcome: ComparedOutcome) =>
    enoughToCompare(
      outcome,
      { services: passing.services, events: OUTCOME_EVENTS[outcome](passing) },
      { services: failing.services, events: OUTCOME_EVENTS[outcome](failing) },
      minSample,
    );
  return {
    leadTime: enough('leadTime')
      ? relativeGap(failing.leadTime.medianSeconds, passing.leadTime.medianSeconds, 'lower')
      : null,
    changeFailureRate: enough('changeFailureRate')
      ? relativeGap(failing.changeFailureRate.rate, passing.changeFailureRate.rate, 'lower')
      : null,
    deploymentFrequency: enough('deploymentFrequency')
      ? relativeGap(
          failing.deploymentFrequency.perWeekPerService,
          passing.deploymentFrequency.perWeekPerService,
          'higher',
        )
      : null,
    recoveryTime: enough('recoveryTime')
      ? relativeGap(failing.recoveryTime.medianSeconds, passing.recoveryTime.medianSeconds, 'lower')
      : null,
  };
}

/** How much better `passing` is than `failing`, relative to the larger of the two. */
export function relativeGap(failing: number | null, passing: number | null, better: 'lower' | 'higher'): number | null {
  if (failing === null || passing === null) return null;
  const scale = Math.max(Math.abs(failing), Math.abs(passing));
  if (scale === 0) return 0;
  return (better === 'lower' ? failing - passing : passing - failing) / scale;
}
