import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { configSchema } from '../lib/config-schema';
import { deriveDelivery } from '../metrics/derive/run-derivation';
import { getDoraFigures } from '../metrics/dora';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { evaluateScorecards } from './evaluate-scorecards';
import { loadScorecards } from './load-scorecards';
import { getScorecard } from './read/get-scorecard';
import { getScorecardImpact } from './read/get-scorecard-impact';
import { getServiceScorecard } from './read/get-service-scorecard';

const AT = new Date('2026-11-28T12:00:00Z');
const config = configSchema.parse({});
const scorecards = loadScorecards({ config, file: null }, { cwd: path.resolve(__dirname, '..'), at: AT });

/** The shipped scorecards.yaml against the demo organisation's generated repository facts. */
describe('the example golden path on the demo organisation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadDemoOrganisation(t.db, { at: AT });
    await deriveDelivery(t.db, config);
  }, 180_000);
  afterAll(() => t.drop());

  it('evaluates meaningfully: teams further along the golden path score higher', async () => {
    const started = performance.now();
    const summary = await evaluateScorecards(
      t.db,
      { config, file: null, fingerprint: 'demo' },
      { metrics: getDoraFigures, at: AT, scorecards },
    );
    console.log(
      `demo evaluation: ${summary.results} results in ${Math.round(performance.now() - started)} ms `,
      JSON.stringify(summary.byState),
    );
    expect(summary.services).toBe(23);
    expect(summary.results).toBe(23 * scorecards.scorecards[0]!.checks.length);
    for (const state of ['pass', 'fail', 'exempt', 'not_applicable', 'upcoming'] as const)
      expect(summary.byState[state], state).toBeGreaterThan(0);

    const card = (await getScorecard(t.db, scorecards, 'golden-path'))!;
    const score = (team: string) => card.teams.find((x) => x.team === team)!.averageScore!;
    console.log(
      'average score per team',
      card.teams
        .map((x) => `${x.team} ${(x.averageScore! * 100).toFixed(0)}% ${JSON.stringify(x.levelDistribution)}`)
        .join('; '),
    );
    expect(score('payments')).toBeGreaterThan(score('checkout'));
    expect(score('checkout')).toBeGreaterThan(score('legacy-billing'));
    expect(score('platform')).toBeGreaterThan(score('legacy-billing'));
    expect(card.organisation.levelDistribution.none).toBeLessThan(23);

    // The two services the demo leaves without on-call.
    for (const slug of ['audit-log', 'dunning-jobs']) {
      const result = (await getServiceScorecard(t.db, scorecards, 'golden-path', slug))!.results.find(
        (r) => r.checkId === 'has-oncall',
      )!;
      expect(result).toMatchObject({
        state: 'fail',
        reason: expect.stringContaining('no PagerDuty service is linked'),
      });
    }
    const monolith = (await getServiceScorecard(t.db, scorecards, 'golden-path', 'billing-monolith'))!;
    expect(monolith.results.find((r) => r.checkId === 'golden-ci')).toMatchObject({
      state: 'exempt',
      exemption: { expires: '2027-04-30', expired: false },
    });
    expect(monolith.results.every((r) => r.reason.length > 0 && r.remediation.length > 0)).toBe(true);
  });

  it('ranks a roadmap from the demo history', async () => {
    const started = performance.now();
    const impact = (await getScorecardImpact(t.db, scorecards, 'golden-path', {
      metrics: getDoraFigures,
      config,
      at: AT,
    }))!;
    console.log(
      `impact view in ${Math.round(performance.now() - started)} ms; roadmap: ${impact.roadmap
        .slice(0, 5)
        .map((r) => `${r.rank}. ${r.checkId} (${r.failing} failing, priority ${r.priority?.toFixed(2) ?? 'n/a'})`)
        .join('; ')}`,
    );
    // The three checks of the example file that read delivery metrics are outcome checks: listed
    // apart, not ranked (#18); every other check is ranked.
    expect(impact.outcomeChecks.checks.map((c) => c.checkId).sort()).toEqual(
      ['deploys-often', 'lead-time-high', 'recovers-fast'].sort(),
    );
    expect(impact.roadmap).toHaveLength(scorecards.scorecards[0]!.checks.length - 3);
    expect(impact.roadmap[0]!.priority).toBeGreaterThan(0);
    const goldenCi = impact.checks.find((c) => c.checkId === 'golden-ci')!;
    expect(goldenCi.laggingTeams.map((l) => l.team)).toContain('legacy-billing');
    expect(goldenCi.outcomes.passing.services + goldenCi.outcomes.failing.services).toBe(
      goldenCi.adoption.applicable - goldenCi.adoption.noData,
    );
    expect(JSON.parse(JSON.stringify(impact))).toEqual(impact);
  });
});
