import { TOO_FEW_TO_COMPARE, type BeforeAfterSummary } from '../impact/before-after';
import type { ScorecardImpact } from './get-scorecard-impact';

/**
 * The impact view as flat rows, one per check: the ranked practices in their order, then the
 * outcome checks. What `?format=csv` exports (lib/csv.ts neutralises formula-like text).
 * @example toCsv(impactRows(impact))
 */
export function impactRows(impact: ScorecardImpact): Record<string, string | number | null>[] {
  const byId = new Map(impact.checks.map((c) => [c.checkId, c]));
  const ranked = impact.roadmap.map((r) => ({
    rank: r.rank,
    priority: r.priority,
    note: r.note,
    check: byId.get(r.checkId)!,
  }));
  const apart = impact.outcomeChecks.checks.map((o) => ({
    rank: null,
    priority: null,
    note: `outcome check: reads ${o.reads.join(', ')}`,
    check: byId.get(o.checkId)!,
  }));
  return [...ranked, ...apart].map(({ rank, priority, note, check: c }) => ({
    rank,
    check: c.checkId,
    name: c.name,
    level: c.level,
    kind: c.kind,
    window_from: impact.window.from,
    window_to: impact.window.to,
    team: impact.scope.team,
    tier: impact.scope.tier,
    applicable: c.adoption.applicable,
    passing: c.adoption.passing,
    failing: c.adoption.failing,
    no_data: c.adoption.noData,
    adoption: c.adoption.rate,
    passing_services_compared: c.outcomes.passing.services,
    failing_services_compared: c.outcomes.failing.services,
    gap_lead_time: c.outcomes.gaps.leadTime,
    gap_change_failure_rate: c.outcomes.gaps.changeFailureRate,
    gap_deployment_frequency: c.outcomes.gaps.deploymentFrequency,
    gap_recovery_time: c.outcomes.gaps.recoveryTime,
    gap: c.outcomes.gaps.overall,
    gap_within_teams: c.outcomes.stratified.team.gaps.overall,
    team_imbalance: c.outcomes.stratified.team.imbalance,
    gap_within_tiers: c.outcomes.stratified.tier.gaps.overall,
    tier_imbalance: c.outcomes.stratified.tier.imbalance,
    ...beforeAfterColumns(c.beforeAfter),
    priority,
    not_compared: c.notCompared.join(';'),
    note,
    warning: c.outcomes.warning,
  }));
}

/** Before/after medians per outcome; below the minimum sample the words instead of a figure. */
function beforeAfterColumns(b: { services: unknown[]; summary: BeforeAfterSummary }) {
  const out: Record<string, string | number | null> = { started_passing_services: b.services.length };
  for (const [key, m] of Object.entries(b.summary)) {
    const column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[`before_${column}`] = m.reason ? TOO_FEW_TO_COMPARE : m.medianBefore;
    out[`after_${column}`] = m.reason ? TOO_FEW_TO_COMPARE : m.medianAfter;
  }
  return out;
}
