import { DAY_MS } from '../lib/clock';
import { hasExternalSources, type PavedConfig } from '../lib/config';
import { targetSchema, type TargetConfig } from '../lib/config-schema';
import { isCovered } from './comparison';
import type { DoraFigures, Window } from './dora-figures';
import { describeBound, evaluateThreshold, METRIC_LABELS } from './thresholds';

/**
 * Targets (config `targets:`): goals on one figure of the organisation, a team or a service,
 * judged over the window being viewed by the evaluator scorecard `metric` rules use
 * (metrics/thresholds.ts), under the coverage and small-sample rules. docs/metrics.md, Targets.
 */

/**
 * `on_track`: the figure over the window meets the target; `off_track`: it does not;
 * `not_enough_data`: no figure, fewer events than `metrics.minimumSample`, or a window that
 * starts before the scope's collected history.
 */
export const TARGET_STATUSES = ['on_track', 'off_track', 'not_enough_data'] as const;
export type TargetState = (typeof TARGET_STATUSES)[number];

export type TargetScope = { type: 'organisation'; slug: null } | { type: 'team' | 'service'; slug: string };

export interface TargetStatus {
  id: string;
  scope: { type: TargetScope['type']; slug: string | null };
  metric: TargetConfig['metric'];
  op: TargetConfig['op'];
  value: TargetConfig['value'];
  due: string | null;
  /** "change failure rate ≤ 10%" */
  goal: string;
  status: TargetState;
  /** The figure judged; null when there is not enough data. */
  actual: number | string | null;
  /** The events the figure rests on. */
  sample: number;
  reason: string;
  /** The due day has passed and the target is not on track. */
  overdue: boolean;
}

/**
 * The demo organisation's targets, in force while Paved shows it (no source configured) and the
 * config names none: a mix that is met, missed and unmeasurable, so the demo shows every state.
 */
const DEMO_TARGETS: TargetConfig[] = [
  { metric: 'changeFailureRate.rate', op: '<=', value: 0.1, due: '2026-12-31' },
  { metric: 'leadTimeForChanges.level', op: '>=', value: 'high' },
  { team: 'payments', metric: 'deploymentFrequency.perWeek', op: '>=', value: 20 },
  { team: 'checkout', metric: 'changeFailureRate.rate', op: '<=', value: 0.1, due: '2026-09-30' },
  { team: 'legacy-billing', metric: 'leadTimeForChanges.medianSeconds', op: '<=', value: 7 * 86400, due: '2026-12-31' },
  { service: 'payments-api', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<=', value: 3600 },
  { service: 'audit-log', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<=', value: 86400 },
].map((t) => targetSchema.parse(t));

/** The targets in force: the config's, or the demo organisation's while it is shown and the config names none. */
export function targetsInForce(config: PavedConfig): TargetConfig[] {
  return config.targets.length > 0 || hasExternalSources(config) ? config.targets : DEMO_TARGETS;
}

export const scopeOfTarget = (t: TargetConfig): TargetScope =>
  t.team
    ? { type: 'team', slug: t.team }
    : t.service
      ? { type: 'service', slug: t.service }
      : { type: 'organisation', slug: null };

const scopeKey = (s: TargetScope) => `${s.type}:${s.slug ?? ''}`;

/** The targets set on exactly this scope (a team's page shows the team's, not its services'). */
export function targetsOf(targets: readonly TargetConfig[], scope: TargetScope): TargetConfig[] {
  return targets.filter((t) => scopeKey(scopeOfTarget(t)) === scopeKey(scope));
}

/** The window's days as a reason reads them: `to` is exclusive, so a window ending at midnight ends the day before. */
function describeWindow({ from, to }: Window): string {
  const last = new Date(to.getTime() - (to.getTime() % DAY_MS === 0 ? DAY_MS : 0));
  return `from ${from.toISOString().slice(0, 10)} to ${last.toISOString().slice(0, 10)}`;
}

/**
 * Judges one scope's targets on its figures over a window.
 * @example judgeTargets(targets, figures, { window, historyFrom: null, minimumSample: 5, today: '2026-06-01' })
 *   // → [{ id: 'team:checkout:changeFailureRate.rate', status: 'off_track', actual: 0.14, … }]
 */
export function judgeTargets(
  targets: readonly TargetConfig[],
  figures: DoraFigures,
  rules: { window: Window; historyFrom: Date | null; minimumSample: number; today: string },
): TargetStatus[] {
  const covered = isCovered(rules.window.from, rules.historyFrom);
  const over = describeWindow(rules.window);
  return targets.map((t) => {
    const result = evaluateThreshold(figures, t, {
      window: `${over} (${t.metric})`,
      minimumSample: rules.minimumSample,
    });
    const uncovered = !covered && result.outcome !== 'no_data';
    const status: TargetState = uncovered
      ? 'not_enough_data'
      : result.outcome === 'pass'
        ? 'on_track'
        : result.outcome === 'fail'
          ? 'off_track'
          : 'not_enough_data';
    return {
      id: t.id,
      scope: scopeOfTarget(t),
      metric: t.metric,
      op: t.op,
      value: t.value,
      due: t.due ?? null,
      goal: `${METRIC_LABELS[t.metric].label} ${describeBound(t)}`,
      status,
      actual: status === 'not_enough_data' ? null : result.value,
      sample: result.sample,
      reason: uncovered
        ? `the window starts before the collected history (from ${rules.historyFrom!.toISOString().slice(0, 10)}), so ${METRIC_LABELS[t.metric].label} is not judged ${over}`
        : result.reason,
      overdue: t.due !== undefined && t.due < rules.today && status !== 'on_track',
    };
  });
}
