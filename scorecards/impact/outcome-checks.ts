import type { MetricPath } from '../../lib/metric-threshold';
import type { Rule } from '../definition-schema';

/** The four delivery outcomes the impact view compares (scorecards/impact/outcome-figures.ts). */
export const COMPARED_OUTCOMES = ['leadTime', 'changeFailureRate', 'deploymentFrequency', 'recoveryTime'] as const;
export type ComparedOutcome = (typeof COMPARED_OUTCOMES)[number];

/**
 * Which compared outcome a metric rule's figure is a reading of. Time to restore counts as
 * recovery: it times the same incidents that end a failed deployment's recovery, so a check on it
 * passes mostly where recovery is fast. Rework rate is none of the four.
 */
const OUTCOME_OF_METRIC: Record<MetricPath extends `${infer M}.${string}` ? M : never, ComparedOutcome | null> = {
  deploymentFrequency: 'deploymentFrequency',
  leadTimeForChanges: 'leadTime',
  changeFailureRate: 'changeFailureRate',
  failedDeploymentRecoveryTime: 'recoveryTime',
  timeToRestore: 'recoveryTime',
  reworkRate: null,
};

/** Every metric path a rule reads, through `all`, `any` and `not`, in order and without repeats. */
export function metricsReadBy(rule: Rule): MetricPath[] {
  const out: MetricPath[] = [];
  const walk = (r: Rule) => {
    if (r.type === 'metric') {
      if (!out.includes(r.metric)) out.push(r.metric);
    } else if (r.type === 'all' || r.type === 'any') r.rules.forEach(walk);
    else if (r.type === 'not') walk(r.rule);
  };
  walk(rule);
  return out;
}

/**
 * A check's place in the impact view. A rule that reads delivery metrics makes it an **outcome
 * check**: passing it is (part of) the outcome, so comparing passing and failing services on the
 * metrics it reads shows a gap true by construction. Those outcomes are not compared, and the
 * check is left out of the practice ranking (docs/scorecards.md, "Outcome checks").
 * @example checkKind({ type: 'metric', metric: 'deploymentFrequency.perWeek', op: '>=', value: 3, windowDays: 30 })
 * // → { kind: 'outcome', reads: ['deploymentFrequency.perWeek'], notCompared: ['deploymentFrequency'] }
 */
export function checkKind(rule: Rule): {
  kind: 'practice' | 'outcome';
  reads: MetricPath[];
  notCompared: ComparedOutcome[];
} {
  const reads = metricsReadBy(rule);
  const outcomes = new Set(reads.map((m) => OUTCOME_OF_METRIC[m.split('.')[0] as keyof typeof OUTCOME_OF_METRIC]));
  return {
    kind: reads.length ? 'outcome' : 'practice',
    reads,
    notCompared: COMPARED_OUTCOMES.filter((o) => outcomes.has(o)),
  };
}

export const OUTCOME_CHECKS_EXPLAINED =
  'Outcome checks test delivery metrics themselves (for example "deploys at least 3 times a week"). Services pass them because they already deliver well, so comparing passing and failing services on the metrics they read would show a gap that is true by construction. They are not compared on those metrics and are left out of the practice ranking; the ranking holds the practices the platform team can build.';
