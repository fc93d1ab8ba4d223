import { COMPARED_OUTCOMES, type ComparedOutcome } from './outcome-checks';
import { meanOrNull, outcomeGaps, type OutcomeFigures, type OutcomeGaps } from './outcome-figures';

/** What a stratified comparison holds fixed: the owning team, or the service's tier. */
export const STRATA = ['team', 'tier'] as const;
export type StratifyBy = (typeof STRATA)[number];

/** A service without a team or a tier is a stratum of its own kind, not dropped. */
export const NO_STRATUM = '(none)';

/** Imbalance at or above this (half the services would have to move) earns the warning. */
export const IMBALANCE_WARNING = 0.5;

export interface StratumGroups {
  key: string;
  passing: number[];
  failing: number[];
}

/** Passing and failing service ids by stratum, strata in order of their keys. */
export function groupByStratum(
  services: readonly { serviceId: number; stratum: string | null; passes: boolean }[],
): StratumGroups[] {
  const groups = new Map<string, StratumGroups>();
  for (const s of services) {
    const key = s.stratum ?? NO_STRATUM;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, passing: [], failing: [] }));
    (s.passes ? g.passing : g.failing).push(s.serviceId);
  }
  return [...groups.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * How far apart the passing and the failing services' mixes of strata are: the total variation
 * distance ½ Σ |pₛ/P − fₛ/F|. 0: both groups spread over teams (or tiers) alike; 1: no stratum
 * holds both. Null when a group is empty.
 * @example imbalance([{ key: 'a', passing: [1, 2], failing: [] }, { key: 'b', passing: [], failing: [3] }]) // 1
 */
export function imbalance(groups: readonly StratumGroups[]): number | null {
  const P = groups.reduce((n, g) => n + g.passing.length, 0);
  const F = groups.reduce((n, g) => n + g.failing.length, 0);
  if (P === 0 || F === 0) return null;
  return groups.reduce((d, g) => d + Math.abs(g.passing.length / P - g.failing.length / F), 0) / 2;
}

/**
 * The weight of a stratum in the pooled gap: pₛ·fₛ ÷ (pₛ + fₛ) services (the Cochran–Mantel–Haenszel
 * weight of a difference), 0 unless the stratum holds both a passing and a failing service, and
 * largest where both sides are large and alike.
 */
export const stratumWeight = (passing: number, failing: number) =>
  passing > 0 && failing > 0 ? (passing * failing) / (passing + failing) : 0;

/**
 * The stratified gap (docs/scorecards.md, "Confounding"): in each stratum with both sides, the gap
 * per outcome exactly as for the whole comparison (the same `minSample` rule, on that stratum's
 * services); per outcome, the mean of the strata's gaps weighted by {@link stratumWeight} over the
 * strata where that gap has enough data; `overall` the mean of the outcomes that have one.
 * @example pooledGaps([{ key: 'payments', passing, failing }], 5)
 */
export function pooledGaps(
  strata: readonly { passing: OutcomeFigures; failing: OutcomeFigures }[],
  minSample: number,
  notCompared: readonly ComparedOutcome[] = [],
): OutcomeGaps {
  const within = strata
    .map((s) => ({
      weight: stratumWeight(s.passing.services, s.failing.services),
      gaps: outcomeGaps(s.passing, s.failing, minSample, notCompared),
    }))
    .filter((s) => s.weight > 0);
  const pooled = {} as Record<ComparedOutcome, number | null>;
  for (const outcome of COMPARED_OUTCOMES) {
    let sum = 0;
    let weights = 0;
    for (const s of within) {
      const gap = s.gaps[outcome];
      if (gap === null) continue;
      sum += s.weight * gap;
      weights += s.weight;
    }
    pooled[outcome] = weights > 0 ? sum / weights : null;
  }
  return {
    ...pooled,
    overall: meanOrNull(COMPARED_OUTCOMES.map((o) => pooled[o]).filter((g): g is number => g !== null)),
  };
}

export interface StratifiedComparison {
  imbalance: number | null;
  /** Strata holding both a passing and a failing service, and the services in them. */
  strata: number;
  passing: number;
  failing: number;
  gaps: OutcomeGaps;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The plain warning when the passing and the failing services differ mostly by team or by tier
 * (imbalance ≥ {@link IMBALANCE_WARNING}), with the within-stratum gap to read instead; null otherwise.
 */
export function confoundingWarning(by: Record<StratifyBy, StratifiedComparison>): string | null {
  const parts = STRATA.filter((s) => (by[s].imbalance ?? 0) >= IMBALANCE_WARNING).map((s) => {
    const c = by[s];
    const within =
      c.gaps.overall === null
        ? `no ${s} has enough passing and failing services to compare within it`
        : `within ${s}s the gap is ${c.gaps.overall > 0 ? '+' : ''}${pct(c.gaps.overall)} (${c.strata} ${c.strata === 1 ? s : `${s}s`}: ${c.passing} passing and ${c.failing} failing)`;
    return `by ${s} (imbalance ${pct(c.imbalance!)}); ${within}`;
  });
  if (!parts.length) return null;
  return `Passing and failing services differ mostly ${parts.join('; and ')}. The gap may reflect who owns the services, or how critical they are, rather than the practice.`;
}
