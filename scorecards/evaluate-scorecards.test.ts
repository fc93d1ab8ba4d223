import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../lib/config-schema';
import { deriveDelivery } from '../metrics/derive/run-derivation';
import { getDoraFigures } from '../metrics/dora';
import { goldenFacts, legacyFacts } from '../tests/helpers/scorecard-facts';
import { refreshFacts, seedDeliveries, seedServices } from '../tests/helpers/scorecard-org';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { evaluateScorecards, reevaluateIfChanged } from './evaluate-scorecards';
import { parseScorecardsText } from './load-scorecards';
import { getFailingServices } from './read/failing-services';
import { getScorecard } from './read/get-scorecard';
import { getScorecardHistory } from './read/get-scorecard-history';
import { getServiceScorecard } from './read/get-service-scorecard';
import { listScorecards } from './read/list-scorecards';

const DAY = 86_400_000;
const AT = new Date('2026-11-28T12:00:00Z');
const config = configSchema.parse({});
const loaded = { config, file: null, fingerprint: 'test' };

const FILE = (goldenCiVersion = '>=v3', readmeName = 'README') => `
scorecards:
  - id: golden-path
    name: Golden path
    levels: [bronze, silver, gold]
    checks:
      - { id: has-owner, name: Has an owner, level: bronze, weight: 3, rule: { type: has_owner }, remediation: Set spec.owner. }
      - { id: readme, name: ${readmeName}, level: bronze, rule: { type: file_exists, paths: [README.md] }, remediation: Add a README. }
      - { id: branch-protected, name: Reviews required, level: bronze, rule: { type: branch_protection, minApprovals: 1 }, remediation: Protect main. }
      - { id: has-oncall, name: On-call, level: silver, filter: { lifecycle: [production] }, rule: { type: has_oncall }, remediation: Link PagerDuty. }
      - { id: golden-ci, name: Golden CI, level: silver, weight: 2, rule: { type: workflow_uses, uses: acme/golden-path/.github/workflows/ci.yml, version: '${goldenCiVersion}' }, remediation: Use the golden CI. }
      - { id: deploys-often, name: Deploys often, level: gold, filter: { lifecycle: [production] }, rule: { type: metric, metric: deploymentFrequency.perWeek, op: '>=', value: 3, windowDays: 30 }, remediation: Ship smaller. }
      - { id: node-22, name: Node 22, level: gold, enforcedFrom: '2027-03-01', rule: { type: json_path, file: package.json, path: engines.node, expect: { matches: '^>=\\s*2[2-9]' } }, remediation: Move to Node 22. }
exemptions:
  - { service: billing-monolith, check: branch-protected, reason: Branch rules arrive with the repository split, granted: '2026-11-01', expires: '2026-12-15' }
`;

/**
 * Four services, one per situation:
 * - payments-api: far along the golden path, deploys ~4.7 times a week;
 * - billing-monolith: legacy repository, exempt from branch protection until 2026-12-15;
 * - audit-log: experimental, facts 30 days old (stale), no PagerDuty;
 * - orphan: no team, repository facts never collected, no PagerDuty, no deployments.
 */
describe('evaluateScorecards', () => {
  let t: TestDatabase;
  let ids: Awaited<ReturnType<typeof seedServices>>;
  const evaluateAt = (at: Date, text = FILE()) =>
    evaluateScorecards(t.db, loaded, {
      metrics: getDoraFigures,
      at,
      scorecards: parseScorecardsText(text, 'scorecards.yaml', { at: AT }),
    });
  const state = async (slug: string, check: string) =>
    (await getServiceScorecard(t.db, parseScorecardsText(FILE(), 'f', { at: AT }), 'golden-path', slug))!.results.find(
      (r) => r.checkId === check,
    )!;

  beforeAll(async () => {
    t = await createTestDatabase();
    ids = await seedServices(t.db, [
      {
        slug: 'payments-api',
        team: 'payments',
        tier: 'tier-1',
        facts: goldenFacts(),
        collectedAt: AT,
        pagerduty: ['PPAY'],
      },
      {
        slug: 'billing-monolith',
        team: 'legacy-billing',
        tier: 'tier-1',
        facts: legacyFacts(),
        collectedAt: AT,
        pagerduty: ['PBILL'],
      },
      {
        slug: 'audit-log',
        team: 'platform',
        lifecycle: 'experimental',
        facts: goldenFacts(),
        collectedAt: new Date(AT.getTime() - 30 * DAY),
      },
      { slug: 'orphan', team: null, facts: null },
    ]);
    await seedDeliveries(
      t.db,
      ids.get('payments-api')!,
      Array.from({ length: 20 }, (_, i) => ({
        deployedAt: new Date(AT.getTime() - (i + 1) * DAY - 3600_000),
        leadSeconds: 7200,
      })),
    );
    await seedDeliveries(t.db, ids.get('billing-monolith')!, [
      { deployedAt: new Date(AT.getTime() - 5 * DAY), leadSeconds: 86_400 * 9 },
      { deployedAt: new Date(AT.getTime() - 20 * DAY), leadSeconds: 86_400 * 12 },
    ]);
    await deriveDelivery(t.db, config);
  });
  afterAll(() => t.drop());

  it('gives every state with a reason', async () => {
    const summary = await evaluateAt(AT);
    expect(summary.warnings).toEqual([]);
    const typo = await evaluateAt(AT, FILE().replace('service: billing-monolith', 'service: biling-monolith'));
    expect(typo.warnings).toEqual([
      'scorecards.yaml: the exemption of check "branch-protected" names service "biling-monolith", which does not exist',
    ]);
    await evaluateAt(AT);
    expect(summary).toMatchObject({
      services: 4,
      results: 28,
      byState: { pass: 10, fail: 5, exempt: 1, not_applicable: 2, no_data: 6, upcoming: 4 },
    });
    expect(await state('payments-api', 'deploys-often')).toMatchObject({
      state: 'pass',
      reason: 'deployments per week is 4.67 over the last 30 days (deploymentFrequency.perWeek)',
    });
    expect(await state('billing-monolith', 'deploys-often')).toMatchObject({
      state: 'fail',
      reason: 'deployments per week is 0.47, needs ≥ 3 over the last 30 days (deploymentFrequency.perWeek)',
    });
    expect(await state('billing-monolith', 'branch-protected')).toMatchObject({
      state: 'exempt',
      reason:
        'exempt until 2026-12-15: Branch rules arrive with the repository split (main: required approvals is 0, needs ≥ 1)',
      exemption: { expires: '2026-12-15', expired: false },
    });
    expect(await state('billing-monolith', 'golden-ci')).toMatchObject({
      state: 'fail',
      reason: 'uses acme/golden-path/.github/workflows/ci.yml@main, needs >=v3',
      remediation: 'Use the golden CI.',
    });
    expect(await state('audit-log', 'has-oncall')).toMatchObject({
      state: 'not_applicable',
      reason: 'applies only to lifecycle production (this service: experimental)',
    });
    expect(await state('audit-log', 'readme')).toMatchObject({
      state: 'no_data',
      reason: 'repository facts for acme/audit-log are 30 days old (stale after 7)',
    });
    expect(await state('orphan', 'readme')).toMatchObject({
      state: 'no_data',
      reason: 'repository facts for acme/orphan have not been collected yet',
    });
    expect(await state('orphan', 'has-owner')).toMatchObject({ state: 'fail' });
    expect(await state('payments-api', 'node-22')).toMatchObject({
      state: 'upcoming',
      reason: 'enforced from 2027-03-01; today it would pass: engines.node in package.json is ">=22"',
    });
    expect(await state('billing-monolith', 'node-22')).toMatchObject({
      state: 'upcoming',
      reason: expect.stringMatching(/^enforced from 2027-03-01; today it would fail: package\.json is not valid JSON/),
    });
  });

  it('computes cumulative levels and weighted scores, with rollups per team', async () => {
    const scorecards = parseScorecardsText(FILE(), 'f', { at: AT });
    const levels = Object.fromEntries(
      await Promise.all(
        ['payments-api', 'billing-monolith', 'audit-log', 'orphan'].map(async (slug) => {
          const s = (await getServiceScorecard(t.db, scorecards, 'golden-path', slug))!;
          return [slug, { level: s.level, score: s.score, nextLevel: s.nextLevel, blocking: s.blocking }];
        }),
      ),
    );
    expect(levels).toEqual({
      'payments-api': { level: 'gold', score: 1, nextLevel: null, blocking: [] },
      // bronze: owner and readme pass, branch protection exempt; silver blocked by golden-ci. Score (3+1+1) ÷ (3+1+1+2+1).
      'billing-monolith': { level: 'bronze', score: 5 / 8, nextLevel: 'silver', blocking: ['golden-ci'] },
      // no_data blocks a level just like a failure. Score 3 ÷ (3+1+1+2).
      'audit-log': { level: null, score: 3 / 7, nextLevel: 'bronze', blocking: ['readme', 'branch-protected'] },
      orphan: { level: null, score: 0, nextLevel: 'bronze', blocking: ['has-owner', 'readme', 'branch-protected'] },
    });
    const card = (await getScorecard(t.db, scorecards, 'golden-path'))!;
    expect(card.organisation).toMatchObject({
      services: 4,
      levelDistribution: { bronze: 1, silver: 0, gold: 1, none: 2 },
    });
    // Applicable: the filter includes the service; audit-log and orphan have no data, so 1 of 4.
    expect(card.checks.find((c) => c.id === 'golden-ci')!.adoption).toEqual({
      passing: 1,
      applicable: 4,
      rate: 0.25,
      upcoming: 0,
    });
    // node-22 is enforced from 2027-03-01: it fails nobody yet, in the adoption rate, per team, and in the failing lists.
    const node = card.checks.find((c) => c.id === 'node-22')!;
    expect(node.adoption).toEqual({ passing: 0, applicable: 0, rate: null, upcoming: 4 });
    for (const cell of node.byTeam) expect(cell).toMatchObject({ applicable: 0, rate: null });
    expect(await getFailingServices(t.db, 'golden-path', 'node-22')).toEqual([]);
    expect(card.teams.map((team) => [team.team, team.levelDistribution.gold, team.averageScore])).toEqual([
      ['(no team)', 0, 0],
      ['legacy-billing', 0, 5 / 8],
      ['payments', 1, 1],
      ['platform', 0, 3 / 7],
    ]);
    expect((await listScorecards(t.db, scorecards))[0]).toMatchObject({
      id: 'golden-path',
      checks: 7,
      organisation: { services: 4 },
    });
  });

  it('stops applying an expired exemption by itself and flags it', async () => {
    const later = new Date('2026-12-16T09:00:00Z');
    await refreshFacts(t.db, later);
    await evaluateAt(later);
    expect(await state('billing-monolith', 'branch-protected')).toMatchObject({
      state: 'fail',
      reason: 'main: required approvals is 0, needs ≥ 1 (exemption expired 2026-12-15)',
      exemption: { expired: true },
    });
    expect((await getScorecard(t.db, parseScorecardsText(FILE(), 'f', { at: AT }), 'golden-path'))!.exemptions).toEqual(
      [
        {
          service: 'billing-monolith',
          checkId: 'branch-protected',
          reason: 'Branch rules arrive with the repository split',
          expires: '2026-12-15',
          expired: true,
        },
      ],
    );
    expect(
      (await getServiceScorecard(
        t.db,
        parseScorecardsText(FILE(), 'f', { at: AT }),
        'golden-path',
        'billing-monolith',
      ))!.level,
    ).toBeNull();
  });

  it('keeps daily history per check version: a changed rule starts a new series, a renamed check does not', async () => {
    await t.db.deleteFrom('scorecard_snapshots').execute();
    for (const [day, text] of [
      ['2026-11-28', FILE()],
      ['2026-11-28', FILE()],
      ['2026-11-29', FILE()],
      ['2026-11-30', FILE('>=v2', 'Has a README')],
    ] as const) {
      const at = new Date(`${day}T06:00:00Z`);
      await refreshFacts(t.db, at);
      await evaluateAt(at, text);
    }
    const versions = await t.db
      .selectFrom('scorecard_checks')
      .select(['check_id', 'definition_hash'])
      .where('check_id', 'in', ['golden-ci', 'readme'])
      .orderBy('first_seen_at')
      .execute();
    expect(versions.map((v) => v.check_id).sort()).toEqual(['golden-ci', 'golden-ci', 'readme']);
    const history = (await getScorecardHistory(
      t.db,
      parseScorecardsText(FILE('>=v2'), 'f', { at: AT }),
      'golden-path',
      { from: '2026-11-28', to: '2026-11-30' },
    ))!;
    const goldenCi = history.checks.filter((c) => c.checkId === 'golden-ci');
    expect(
      goldenCi.map((s) => ({
        current: s.current,
        newSeries: s.newSeriesAfterRuleChange,
        days: s.points.map((p) => `${p.day}:${p.passing}/${p.applicable}`),
      })),
    ).toEqual([
      { current: false, newSeries: false, days: ['2026-11-28:2/4', '2026-11-29:2/4'] },
      // billing-monolith still references @main, which no version constraint accepts.
      { current: true, newSeries: true, days: ['2026-11-30:2/4'] },
    ]);
    expect(history.checks.filter((c) => c.checkId === 'readme').map((s) => s.points.length)).toEqual([3]);
    // Facts are fresh on these days, so audit-log (experimental: on-call and deploys do not apply) reaches gold;
    // billing-monolith is bronze while its exemption holds; orphan stays below bronze.
    expect(history.organisation.map((o) => [o.day, o.levelDistribution])).toEqual([
      ['2026-11-28', { bronze: 1, silver: 0, gold: 2, none: 1 }],
      ['2026-11-29', { bronze: 1, silver: 0, gold: 2, none: 1 }],
      ['2026-11-30', { bronze: 1, silver: 0, gold: 2, none: 1 }],
    ]);
    expect(history.teams.find((team) => team.team === 'payments')!.points.map((p) => p.averageScore)).toEqual([
      1, 1, 1,
    ]);
  });

  it('re-evaluates when the file changes, comparing the hash stored in settings', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paved-sc-'));
    writeFileSync(path.join(dir, 'scorecards.yaml'), FILE());
    const fromDisk = { config, file: path.join(dir, 'paved.config.yaml'), fingerprint: 'x' };
    const at = new Date('2026-11-30T07:00:00Z');
    expect(await reevaluateIfChanged(t.db, fromDisk, { metrics: getDoraFigures, at })).not.toBeNull();
    expect(await reevaluateIfChanged(t.db, fromDisk, { metrics: getDoraFigures, at })).toBeNull();
    writeFileSync(path.join(dir, 'scorecards.yaml'), FILE('>=v4'));
    expect(await reevaluateIfChanged(t.db, fromDisk, { metrics: getDoraFigures, at })).toMatchObject({ services: 4 });
    expect(await state('payments-api', 'golden-ci')).toMatchObject({
      state: 'fail',
      reason: expect.stringContaining('needs >=v4'),
    });
  });
});
