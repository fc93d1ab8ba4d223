import { median } from '../../metrics/stats';
import type { ComparedOutcome } from './outcome-checks';
import { enoughToCompare, OUTCOME_EVENTS, type OutcomeFigures } from './outcome-figures';

/** What the page, the API and the CSV say instead of a before/after figure below the minimum sample. */
export const TOO_FEW_TO_COMPARE = 'too few services/deployments to compare';

export interface BeforeAfterMedians {
  /** Services with a figure on both sides, whose medians these are. */
  services: number;
  /** The events behind the figures, summed over those services: changes, deployments or recoveries. */
  events: { before: number; after: number };
  /** Null when the comparison is below the minimum sample (`reason` says so). */
  medianBefore: number | null;
  medianAfter: number | null;
  reason: string | null;
}

/** The summary's keys, each with the outcome whose small-sample rule it follows. */
const SUMMARY = {
  leadTimeSeconds: { outcome: 'leadTime', events: 'changes', value: (o) => o.leadTime.medianSeconds },
  changeFailureRate: { outcome: 'changeFailureRate', events: 'deployments', value: (o) => o.changeFailureRate.rate },
  deploymentsPerWeek: {
    outcome: 'deploymentFrequency',
    events: 'deployments',
    value: (o) => o.deploymentFrequency.perWeekPerService,
  },
  recoveryTimeSeconds: { outcome: 'recoveryTime', events: 'recoveries', value: (o) => o.recoveryTime.medianSeconds },
} as const satisfies Record<
  string,
  { outcome: ComparedOutcome; events: string; value: (o: OutcomeFigures) => number | null }
>;

export type BeforeAfterSummary = Record<keyof typeof SUMMARY, BeforeAfterMedians>;

/**
 * Medians across services that started passing, of their figures before versus after, under the
 * ranking's small-sample rule (enoughToCompare) applied to the before and after sides: below it,
 * no medians but the reason, so a single service's one or two deployments never read as evidence.
 * @example summarizeBeforeAfter([{ before, after }], 5).changeFailureRate
 *   // → { services: 1, events: { before: 2, after: 1 }, medianBefore: null, medianAfter: null, reason: 'too few …' }
 */
export function summarizeBeforeAfter(
  services: readonly { before: OutcomeFigures; after: OutcomeFigures }[],
  minSample: number,
): BeforeAfterSummary {
  const summary = {} as BeforeAfterSummary;
  for (const [key, { outcome, events: noun, value }] of Object.entries(SUMMARY) as [
    keyof typeof SUMMARY,
    (typeof SUMMARY)[keyof typeof SUMMARY],
  ][]) {
    const pairs = services.filter((s) => value(s.before) !== null && value(s.after) !== null);
    const events = {
      before: pairs.reduce((n, s) => n + OUTCOME_EVENTS[outcome](s.before), 0),
      after: pairs.reduce((n, s) => n + OUTCOME_EVENTS[outcome](s.after), 0),
    };
    const side = (n: number) => ({ services: pairs.length, events: n });
    const enough = pairs.length > 0 && enoughToCompare(outcome, side(events.before), side(events.after), minSample);
    const needs =
      outcome === 'deploymentFrequency' ? `${minSample} between them` : `at least ${minSample} on each side`;
    summary[key] = {
      services: pairs.length,
      events,
      medianBefore: enough ? median(pairs.map((s) => value(s.before)!)) : null,
      medianAfter: enough ? median(pairs.map((s) => value(s.after)!)) : null,
      reason: enough
        ? null
        : `${TOO_FEW_TO_COMPARE}: ${pairs.length} service${pairs.length === 1 ? '' : 's'}, ${events.before} ${noun} before and ${events.after} after (needs ${needs})`,
    };
  }
  return summary;
}
