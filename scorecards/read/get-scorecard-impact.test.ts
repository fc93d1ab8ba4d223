import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeforeAfterPanel } from '../../components/roadmap/before-after';
import { upsertRepositoryFacts } from '../../db/writes/github';
import { configSchema } from '../../lib/config-schema';
import { deriveDelivery } from '../../metrics/derive/run-derivation';
import { getDoraFigures } from '../../metrics/dora';
import { goldenFacts, legacyFacts } from '../../tests/helpers/scorecard-facts';
import { refreshFacts, seedDeliveries, seedServices } from '../../tests/helpers/scorecard-org';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { evaluateScorecards } from '../evaluate-scorecards';
import { parseScorecardsText } from '../load-scorecards';
import type { RepositoryFacts } from '../service-subjects';
import { getScorecardImpact } from './get-scorecard-impact';
import { impactRows } from './impact-rows';

const DAY = 86_400_000;
const AT = new Date('2026-11-28T00:00:00Z');
const day = (offset: number) => new Date(AT.getTime() + offset * DAY);
const config = configSchema.parse({});
const scorecards = parseScorecardsText(
  `
scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze, silver]
    checks:
      - { id: readme, name: README, level: bronze, rule: { type: file_exists, paths: [README.md] }, remediation: Add one. }
      - { id: codeowners, name: CODEOWNERS, level: bronze, rule: { type: file_exists, paths: [.github/CODEOWNERS] }, remediation: Add one. }
      - { id: golden-ci, name: Golden CI, level: silver, rule: { type: workflow_uses, uses: acme/golden-path/.github/workflows/ci.yml, version: '>=v3' }, remediation: Use it. }
      - id: deploys-often
        name: Deploys often
        level: silver
        rule: { type: all, rules: [{ type: has_owner }, { type: metric, metric: deploymentFrequency.perWeek, op: '>=', value: 1.5, windowDays: 28 }] }
        remediation: Ship smaller.
`,
  'scorecards.yaml',
  { at: AT },
);

const withoutCodeowners = (facts: RepositoryFacts): RepositoryFacts => ({
  ...facts,
  files: Object.fromEntries(Object.entries(facts.files!).filter(([p]) => p !== '.github/CODEOWNERS')),
});

/**
 * The hand-worked example (docs/scorecards.md walks through the same numbers).
 * Team alpha: a (golden facts, tier-1), b (golden CI from 2026-11-14 on, no CODEOWNERS, tier-2).
 * Team beta: c (tier-1), d (tier-2), legacy facts. Deployments in the 28 days before 2026-11-28, each shipping
 * one change, through the real derivation; a failed one has an incident resolved a minute
 * before the repository's next deployment:
 *   a: 8 deploys (days −27…−13 every 2 days), lead 1 h, none failed
 *   b: 4 deploys (days −20, −15, −10, −5), lead 3 h, the one on day −15 failed (recovered 5 days − 60 s later)
 *   c: 2 deploys (days −20 failed, −6), lead 24 h;  d: 2 deploys (days −18 failed, −4), lead 48 h
 */
describe('getScorecardImpact on a hand-worked example', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await seedServices(t.db, [
      { slug: 'a', team: 'alpha', tier: 'tier-1', facts: goldenFacts(), pagerduty: ['PA'] },
      {
        slug: 'b',
        team: 'alpha',
        tier: 'tier-2',
        facts: { ...withoutCodeowners(goldenFacts()), workflows: legacyFacts().workflows },
        pagerduty: ['PB'],
      },
      { slug: 'c', team: 'beta', tier: 'tier-1', facts: legacyFacts(), pagerduty: ['PC'] },
      { slug: 'd', team: 'beta', tier: 'tier-2', facts: legacyFacts(), pagerduty: ['PD'] },
    ]);
    const repo = (slug: string) => ({
      repositoryId: ids.get(slug)!.repositoryId,
      pagerdutyServiceId: `P${slug.toUpperCase()}`,
    });
    const failedUntil = (days: number) => new Date(day(days).getTime() - 60_000);
    await seedDeliveries(
      t.db,
      repo('a'),
      [-27, -25, -23, -21, -19, -17, -15, -13].map((d) => ({ deployedAt: day(d), leadSeconds: 3600 })),
    );
    await seedDeliveries(
      t.db,
      repo('b'),
      [-20, -15, -10, -5].map((d) => ({
        deployedAt: day(d),
        leadSeconds: 3 * 3600,
        ...(d === -15 ? { incidentResolvedAt: failedUntil(-10) } : {}),
      })),
    );
    await seedDeliveries(t.db, repo('c'), [
      { deployedAt: day(-20), leadSeconds: 86_400, incidentResolvedAt: failedUntil(-6) },
      { deployedAt: day(-6), leadSeconds: 86_400 },
    ]);
    await seedDeliveries(t.db, repo('d'), [
      { deployedAt: day(-18), leadSeconds: 2 * 86_400, incidentResolvedAt: failedUntil(-4) },
      { deployedAt: day(-4), leadSeconds: 2 * 86_400 },
    ]);
    await deriveDelivery(t.db, config);
    const evaluate = async (at: Date) => {
      await refreshFacts(t.db, at);
      await evaluateScorecards(
        t.db,
        { config, file: null, fingerprint: 't' },
        { metrics: getDoraFigures, at, scorecards },
      );
    };
    await evaluate(day(-15)); // 2026-11-13: b fails golden-ci
    await upsertRepositoryFacts(t.db, [
      {
        repository_id: repo('b').repositoryId,
        collected_at: day(-14),
        version: 1,
        facts: withoutCodeowners(goldenFacts()) as Record<string, unknown>,
      },
    ]);
    await evaluate(day(-14)); // 2026-11-14: b starts passing
    await evaluate(AT);
  });
  afterAll(() => t.drop());
  // The example's window: the 28 days before AT, a week either side for before/after, 2 events per side.
  const impactOfExample = async () =>
    (await getScorecardImpact(t.db, scorecards, 'golden-path', {
      metrics: getDoraFigures,
      config,
      at: AT,
      windowDays: 28,
      weeks: 1,
      minSample: 2,
    }))!;

  it('compares passing and failing services, ranks the roadmap by failing × outcome gap', async () => {
    const impact = await impactOfExample();
    const goldenCi = impact.checks.find((c) => c.checkId === 'golden-ci')!;
    expect(goldenCi.adoption).toEqual({ passing: 2, applicable: 4, rate: 0.5, upcoming: 0, failing: 2, noData: 0 });
    expect(goldenCi.trend).toEqual({
      points: [
        { day: '2026-11-13', adoption: 0.25 },
        { day: '2026-11-14', adoption: 0.5 },
        { day: '2026-11-28', adoption: 0.5 },
      ],
      change: 0.25,
    });
    expect(goldenCi.laggingTeams).toEqual([
      { team: 'beta', passing: 0, applicable: 2, rate: 0, upcoming: 0, failingServices: ['c', 'd'] },
    ]);
    // Passing (a, b): 12 deploys; lead times 8 × 1 h and 4 × 3 h → median 1 h; 1 of 12 failed; 12 / 4 weeks / 2 services = 1.5 a week each.
    expect(goldenCi.outcomes.passing).toEqual({
      services: 2,
      leadTime: { medianSeconds: 3600, changes: 12 },
      changeFailureRate: { rate: 1 / 12, deployments: 12 },
      deploymentFrequency: { perWeekPerService: 1.5, deployments: 12 },
      recoveryTime: { medianSeconds: 5 * 86_400 - 60, recovered: 1 },
    });
    // Failing (c, d): lead 24 h, 24 h, 48 h, 48 h → median 36 h; 2 of 4 failed; 0.5 a week each; both recovered in 14 days − 60 s.
    expect(goldenCi.outcomes.failing).toEqual({
      services: 2,
      leadTime: { medianSeconds: 129_600, changes: 4 },
      changeFailureRate: { rate: 0.5, deployments: 4 },
      deploymentFrequency: { perWeekPerService: 0.5, deployments: 4 },
      recoveryTime: { medianSeconds: 14 * 86_400 - 60, recovered: 2 },
    });
    // Gaps: lead (129600 − 3600) ÷ 129600; CFR (0.5 − 1/12) ÷ 0.5; frequency (1.5 − 0.5) ÷ 1.5; recovery has 1 < 2 recoveries on the passing side.
    const gaps = goldenCi.outcomes.gaps;
    expect(gaps.leadTime).toBeCloseTo(126_000 / 129_600, 10);
    expect(gaps.changeFailureRate).toBeCloseTo(10 / 12, 10);
    expect(gaps.deploymentFrequency).toBeCloseTo(2 / 3, 10);
    expect(gaps.recoveryTime).toBeNull();
    expect(gaps.overall).toBeCloseTo((126_000 / 129_600 + 10 / 12 + 2 / 3) / 3, 10);
    expect(impact.caution).toMatch(/^Correlation, not causation/);

    // b started passing on 2026-11-14: the week before (deploys 11-08, 11-13 failed) versus the week after (11-18).
    expect(
      goldenCi.beforeAfter.services.map((s) => ({
        started: s.startedPassing,
        before: [
          s.before.leadTime.medianSeconds,
          s.before.changeFailureRate.rate,
          s.before.deploymentFrequency.perWeekPerService,
          s.before.recoveryTime.medianSeconds,
        ],
        after: [
          s.after.leadTime.medianSeconds,
          s.after.changeFailureRate.rate,
          s.after.deploymentFrequency.perWeekPerService,
          s.after.recoveryTime.medianSeconds,
        ],
      })),
    ).toEqual([{ started: '2026-11-14', before: [10_800, 0.5, 2, 5 * 86_400 - 60], after: [10_800, 0, 1, null] }]);
    // The ranking's small-sample rule (2 events a side; deploy frequency 2 between the sides):
    // b's 2 changes and deployments before and 1 after are too few, except for deploy frequency.
    const tooFew = (services: number, noun: string, before: number, after: number) => ({
      services,
      events: { before, after },
      medianBefore: null,
      medianAfter: null,
      reason: `too few services/deployments to compare: ${services} service${services === 1 ? '' : 's'}, ${before} ${noun} before and ${after} after (needs at least 2 on each side)`,
    });
    expect(goldenCi.beforeAfter.summary).toEqual({
      leadTimeSeconds: tooFew(1, 'changes', 2, 1),
      changeFailureRate: tooFew(1, 'deployments', 2, 1),
      deploymentsPerWeek: {
        services: 1,
        events: { before: 2, after: 1 },
        medianBefore: 2,
        medianAfter: 1,
        reason: null,
      },
      recoveryTimeSeconds: tooFew(0, 'recoveries', 0, 0),
    });
    // The CSV and the page say so instead of a figure.
    const row = impactRows(impact).find((r) => r.check === 'golden-ci')!;
    expect(row).toMatchObject({
      started_passing_services: 1,
      before_lead_time_seconds: 'too few services/deployments to compare',
      after_change_failure_rate: 'too few services/deployments to compare',
      before_deployments_per_week: 2,
      after_deployments_per_week: 1,
    });
    const panel = renderToStaticMarkup(createElement(BeforeAfterPanel, { check: goldenCi, weeks: 1, chart: null }));
    expect(panel).toContain(goldenCi.beforeAfter.summary.leadTimeSeconds.reason);
    expect(panel.match(/data-testid="before-after-too-few"/g)).toHaveLength(3);
    // One event a side is enough under minSample 1: the medians are b's own figures.
    const lenient = (await getScorecardImpact(t.db, scorecards, 'golden-path', {
      metrics: getDoraFigures,
      config,
      at: AT,
      windowDays: 28,
      weeks: 1,
      minSample: 1,
    }))!.checks.find((c) => c.checkId === 'golden-ci')!.beforeAfter.summary;
    expect(lenient.leadTimeSeconds).toMatchObject({ medianBefore: 10_800, medianAfter: 10_800, reason: null });
    expect(lenient.changeFailureRate).toMatchObject({ medianBefore: 0.5, medianAfter: 0, reason: null });
    expect(lenient.recoveryTimeSeconds.reason).toMatch(/^too few services\/deployments to compare: 0 services/);

    // codeowners: a passes; b, c, d fail (8 deploys, lead median (3 h + 24 h) ÷ 2 = 48600 s, 3 of 8 failed, 2 a week ÷ 3 services).
    const codeowners = impact.checks.find((c) => c.checkId === 'codeowners')!;
    const codeownersGap = (45_000 / 48_600 + 1 + (2 - 2 / 3) / 2) / 3;
    expect(codeowners.outcomes.gaps.overall).toBeCloseTo(codeownersGap, 10);
    expect(
      impact.roadmap.map((r) => [
        r.rank,
        r.checkId,
        r.failing,
        r.priority === null ? null : Number(r.priority.toFixed(6)),
      ]),
    ).toEqual([
      [1, 'codeowners', 3, Number((3 * codeownersGap).toFixed(6))],
      [2, 'golden-ci', 2, Number((2 * gaps.overall!).toFixed(6))],
      [3, 'readme', 0, null],
    ]);
    expect(impact.roadmap[2]!.note).toBe('every applicable service passes already');
  });

  it('keeps an outcome check out of the ranking and does not compare it on the metrics it reads', async () => {
    const impact = await impactOfExample();
    // a deploys 2 a week and passes; b, c, d fail: the same groups as codeowners, so the same figures.
    const often = impact.checks.find((c) => c.checkId === 'deploys-often')!;
    const codeowners = impact.checks.find((c) => c.checkId === 'codeowners')!;
    expect([often.kind, often.reads, often.notCompared]).toEqual([
      'outcome',
      ['deploymentFrequency.perWeek'],
      ['deploymentFrequency'],
    ]);
    expect(codeowners.kind).toBe('practice');
    expect(often.outcomes.passing).toEqual(codeowners.outcomes.passing);
    expect(often.outcomes.failing).toEqual(codeowners.outcomes.failing);
    // Compared on the three outcomes it does not read: the gap on deployment frequency would be true by construction.
    const { deploymentFrequency, ...rest } = codeowners.outcomes.gaps;
    expect(often.outcomes.gaps).toEqual({
      ...rest,
      deploymentFrequency: null,
      overall: (rest.leadTime! + rest.changeFailureRate!) / 2,
    });
    expect(deploymentFrequency).not.toBeNull();
    // Ranked, its priority 3 × 0.963 would top the list: it is left out and listed apart.
    expect(impact.roadmap.map((r) => r.checkId)).not.toContain('deploys-often');
    expect(impact.outcomeChecks.checks).toEqual([
      {
        checkId: 'deploys-often',
        name: 'Deploys often',
        failing: 3,
        gaps: often.outcomes.gaps,
        reads: ['deploymentFrequency.perWeek'],
        notCompared: ['deploymentFrequency'],
      },
    ]);
    expect(impact.outcomeChecks.why).toMatch(/true by construction/);
  });

  it('compares within teams and within tiers, then pools (docs/scorecards.md, "Confounding")', async () => {
    const impact = await impactOfExample();
    const goldenCi = impact.checks.find((c) => c.checkId === 'golden-ci')!.outcomes;
    // By team: alpha passes (a, b) and beta fails (c, d): no team holds both, the groups are the teams.
    expect(goldenCi.stratified.team).toEqual({
      imbalance: 1,
      strata: 0,
      passing: 0,
      failing: 0,
      gaps: { leadTime: null, changeFailureRate: null, deploymentFrequency: null, recoveryTime: null, overall: null },
    });
    // By tier: tier-1 a vs c, tier-2 b vs d; each stratum weighs 1·1 ÷ 2 = 0.5.
    //   tier-1: lead (86400 − 3600) ÷ 86400; CFR (0.5 − 0) ÷ 0.5; deploys (2 − 0.5) ÷ 2; recovery: a has none.
    //   tier-2: lead (172800 − 10800) ÷ 172800; CFR (0.5 − 0.25) ÷ 0.5; deploys (1 − 0.5) ÷ 1; recovery: 1 each < 2.
    const tier = goldenCi.stratified.tier;
    expect([tier.imbalance, tier.strata, tier.passing, tier.failing]).toEqual([0, 2, 2, 2]);
    const lead = (82_800 / 86_400 + 162_000 / 172_800) / 2;
    expect(tier.gaps.leadTime).toBeCloseTo(lead, 12);
    expect(tier.gaps.changeFailureRate).toBeCloseTo((1 + 0.5) / 2, 12);
    expect(tier.gaps.deploymentFrequency).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(tier.gaps.recoveryTime).toBeNull();
    expect(tier.gaps.overall).toBeCloseTo((lead + 0.75 + 0.625) / 3, 12);
    expect(goldenCi.warning).toBe(
      'Passing and failing services differ mostly by team (imbalance 100%); no team has enough passing and failing services to compare within it. The gap may reflect who owns the services, or how critical they are, rather than the practice.',
    );
    // codeowners: a passes; b, c, d fail. Within alpha, a against b: lead (10800 − 3600) ÷ 10800, CFR 1, deploys (2 − 1) ÷ 2.
    const codeowners = impact.checks.find((c) => c.checkId === 'codeowners')!.outcomes;
    expect(codeowners.stratified.team.imbalance).toBeCloseTo((2 / 3 + 2 / 3) / 2, 12);
    expect(codeowners.stratified.team.gaps.overall).toBeCloseTo((2 / 3 + 1 + 0.5) / 3, 12);
    expect(codeowners.warning).toBe(
      'Passing and failing services differ mostly by team (imbalance 67%); within teams the gap is +72% (1 team: 1 passing and 1 failing); and by tier (imbalance 67%); within tiers the gap is +90% (1 tier: 1 passing and 1 failing). The gap may reflect who owns the services, or how critical they are, rather than the practice.',
    );
  });
});
