import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPARED_OUTCOMES, type ComparedOutcome } from './outcome-checks';
import { outcomeGaps, type OutcomeFigures, type OutcomeGaps } from './outcome-figures';
import { confoundingWarning, groupByStratum, imbalance, NO_STRATUM, pooledGaps } from './stratified';

/**
 * A naive reference, written again from docs/scorecards.md ("Roadmap formula" and "Confounding")
 * without the production helpers, to hold pooledGaps and imbalance to.
 */
function referenceGap(o: ComparedOutcome, p: OutcomeFigures, f: OutcomeFigures, minSample: number): number | null {
  const rel = (worse: number | null, better: number | null) => {
    if (worse === null || better === null) return null;
    const m = Math.max(Math.abs(worse), Math.abs(better));
    return m === 0 ? 0 : (worse - better) / m;
  };
  if (o === 'leadTime')
    return p.leadTime.changes >= minSample && f.leadTime.changes >= minSample
      ? rel(f.leadTime.medianSeconds, p.leadTime.medianSeconds)
      : null;
  if (o === 'changeFailureRate')
    return p.changeFailureRate.deployments >= minSample && f.changeFailureRate.deployments >= minSample
      ? rel(f.changeFailureRate.rate, p.changeFailureRate.rate)
      : null;
  if (o === 'recoveryTime')
    return p.recoveryTime.recovered >= minSample && f.recoveryTime.recovered >= minSample
      ? rel(f.recoveryTime.medianSeconds, p.recoveryTime.medianSeconds)
      : null;
  const enough =
    p.services > 0 &&
    f.services > 0 &&
    p.deploymentFrequency.deployments + f.deploymentFrequency.deployments >= minSample;
  // Higher is better: the passing side is the "worse" argument's mirror.
  return enough ? rel(p.deploymentFrequency.perWeekPerService, f.deploymentFrequency.perWeekPerService) : null;
}

function referencePooled(
  strata: { passing: OutcomeFigures; failing: OutcomeFigures }[],
  minSample: number,
  notCompared: ComparedOutcome[],
) {
  const out: Record<string, number | null> = {};
  const present: number[] = [];
  for (const o of COMPARED_OUTCOMES) {
    let num = 0;
    let den = 0;
    for (const s of strata) {
      const p = s.passing.services;
      const f = s.failing.services;
      if (p === 0 || f === 0 || notCompared.includes(o)) continue;
      const g = referenceGap(o, s.passing, s.failing, minSample);
      if (g === null) continue;
      num += ((p * f) / (p + f)) * g;
      den += (p * f) / (p + f);
    }
    out[o] = den === 0 ? null : num / den;
    if (out[o] !== null) present.push(out[o]!);
  }
  out.overall = present.length === 0 ? null : present.reduce((a, b) => a + b) / present.length;
  return out;
}

function referenceImbalance(services: { stratum: string | null; passes: boolean }[]): number | null {
  const P = services.filter((s) => s.passes).length;
  const F = services.length - P;
  if (P === 0 || F === 0) return null;
  const keys = [...new Set(services.map((s) => s.stratum ?? NO_STRATUM))];
  let sum = 0;
  for (const k of keys) {
    const p = services.filter((s) => s.passes && (s.stratum ?? NO_STRATUM) === k).length;
    const f = services.filter((s) => !s.passes && (s.stratum ?? NO_STRATUM) === k).length;
    sum += Math.abs(p / P - f / F);
  }
  return sum / 2;
}

const count = fc.integer({ min: 0, max: 12 });
const value = fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null });
const figures: fc.Arbitrary<OutcomeFigures> = fc.record({
  services: fc.integer({ min: 0, max: 6 }),
  leadTime: fc.record({ medianSeconds: value, changes: count }),
  changeFailureRate: fc.record({
    rate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    deployments: count,
  }),
  deploymentFrequency: fc.record({ perWeekPerService: value, deployments: count }),
  recoveryTime: fc.record({ medianSeconds: value, recovered: count }),
});
const strataArb = fc.array(fc.record({ passing: figures, failing: figures }), { maxLength: 6 });
const notComparedArb = fc.subarray([...COMPARED_OUTCOMES]);
const close = (a: OutcomeGaps, b: Partial<Record<keyof OutcomeGaps, number | null>>) => {
  for (const k of [...COMPARED_OUTCOMES, 'overall'] as const) {
    const [x, y] = [a[k], b[k] ?? null];
    if (x === null || y === null) expect([k, x]).toEqual([k, y]);
    else expect(Math.abs(x - y), k).toBeLessThan(1e-9);
  }
};

const f = (services: number, lead: [number, number], cfr: [number, number], perWeek: number, deploys: number) => ({
  services,
  leadTime: { medianSeconds: lead[0], changes: lead[1] },
  changeFailureRate: { rate: cfr[0], deployments: cfr[1] },
  deploymentFrequency: { perWeekPerService: perWeek, deployments: deploys },
  recoveryTime: { medianSeconds: null, recovered: 0 },
});

describe('the stratified comparison', () => {
  it('pools a hand-worked example as docs/scorecards.md does', () => {
    // Stratum tier-1: 1 passing against 1 failing service (weight 0.5); tier-2: 2 against 2 (weight 1).
    const tier1 = { passing: f(1, [3600, 8], [0, 8], 2, 8), failing: f(1, [86_400, 2], [0.5, 2], 0.5, 2) };
    const tier2 = { passing: f(2, [7200, 6], [0.2, 10], 1, 10), failing: f(2, [7200, 6], [0.25, 8], 1, 8) };
    const pooled = pooledGaps([tier1, tier2], 2);
    // lead: tier-1 (86400 − 3600) ÷ 86400 = 0.9583, tier-2 0 → (0.5 × 0.9583 + 1 × 0) ÷ 1.5 = 0.3194
    expect(pooled.leadTime).toBeCloseTo((0.5 * (82_800 / 86_400)) / 1.5, 12);
    // CFR: tier-1 1, tier-2 (0.25 − 0.2) ÷ 0.25 = 0.2 → (0.5 + 0.2) ÷ 1.5 = 0.4667
    expect(pooled.changeFailureRate).toBeCloseTo((0.5 * 1 + 1 * 0.2) / 1.5, 12);
    // deploys: tier-1 (2 − 0.5) ÷ 2 = 0.75, tier-2 0 → 0.25
    expect(pooled.deploymentFrequency).toBeCloseTo((0.5 * 0.75) / 1.5, 12);
    expect(pooled.recoveryTime).toBeNull();
    expect(pooled.overall).toBeCloseTo((0.5 * (82_800 / 86_400) + 0.7 + 0.375) / 1.5 / 3, 12);
    // Both tiers hold passing and failing services in the same proportion: no imbalance.
    const services = [
      { serviceId: 1, stratum: 'tier-1', passes: true },
      { serviceId: 2, stratum: 'tier-1', passes: false },
      ...[3, 4].map((serviceId) => ({ serviceId, stratum: 'tier-2', passes: true })),
      ...[5, 6].map((serviceId) => ({ serviceId, stratum: 'tier-2', passes: false })),
    ];
    expect(imbalance(groupByStratum(services))).toBe(0);
  });

  it('equals the naive reference on any strata', () => {
    fc.assert(
      fc.property(strataArb, fc.integer({ min: 1, max: 6 }), notComparedArb, (strata, minSample, notCompared) => {
        close(pooledGaps(strata, minSample, notCompared), referencePooled(strata, minSample, notCompared));
      }),
      { numRuns: 500 },
    );
  });

  it('is the plain comparison when there is one stratum, and does not depend on the order of strata', () => {
    fc.assert(
      fc.property(figures, figures, fc.integer({ min: 1, max: 6 }), (passing, failing, minSample) => {
        fc.pre(passing.services > 0 && failing.services > 0);
        close(pooledGaps([{ passing, failing }], minSample), outcomeGaps(passing, failing, minSample));
      }),
    );
    fc.assert(
      fc.property(strataArb, (strata) => {
        close(pooledGaps(strata, 3), { ...pooledGaps([...strata].reverse(), 3) });
      }),
    );
  });

  it('measures imbalance as the naive reference does, from 0 (same mix) to 1 (no stratum shared)', () => {
    const service = fc.record({
      stratum: fc.option(fc.constantFrom('payments', 'search', 'tier-1'), { nil: null }),
      passes: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(service, { maxLength: 30 }), (services) => {
        const mine = imbalance(groupByStratum(services.map((s, i) => ({ ...s, serviceId: i }))));
        const ref = referenceImbalance(services);
        if (ref === null) expect(mine).toBeNull();
        else {
          expect(Math.abs(mine! - ref)).toBeLessThan(1e-12);
          expect(mine).toBeGreaterThanOrEqual(0);
          expect(mine).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('warns only at an imbalance of at least one half', () => {
    const gaps = {
      leadTime: 0.5,
      changeFailureRate: null,
      deploymentFrequency: null,
      recoveryTime: null,
      overall: 0.5,
    };
    const even = { imbalance: 0.49, strata: 3, passing: 4, failing: 5, gaps };
    expect(confoundingWarning({ team: even, tier: even })).toBeNull();
    expect(confoundingWarning({ team: { ...even, imbalance: 0.5 }, tier: { ...even, imbalance: null } })).toBe(
      'Passing and failing services differ mostly by team (imbalance 50%); within teams the gap is +50% (3 teams: 4 passing and 5 failing). The gap may reflect who owns the services, or how critical they are, rather than the practice.',
    );
  });
});
