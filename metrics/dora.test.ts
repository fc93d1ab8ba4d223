import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../lib/config';
import { deliveryBuilder } from '../tests/helpers/delivery-builder';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { derivationConfigKey, fingerprintOf } from './derive/config-key';
import { deriveDelivery } from './derive/run-derivation';
import { getDoraFigures } from './dora';
import { listIncidents } from './list-incidents';
import { getOrganisationSummary } from './organisation-summary';
import { resolveScope } from './scope';
import { getTodaySoFar } from './today-so-far';

const T0 = new Date('2026-03-02T00:00:00Z');
const H = 3600;
/** A real-looking object id: revert messages name full hexadecimal shas. */
const S1 = '51'.padEnd(40, 'a');
const config = parseConfigText(
  'github:\n  token: t\n  productionEnvironments: [production, PROD]\n',
  'test.yaml',
  {},
).config;
const week = { from: T0, to: new Date(T0.getTime() + 7 * 86_400_000) };

/**
 * The hand-worked history (hours after T0 = Monday 2026-03-02 00:00 UTC), service `api`
 * of team `core`, PagerDuty service PAPI:
 *  D1  h0    production baseline at c0 (counts as a deployment, has no commits)
 *  P1  h0    "prod" baseline at c0 (a second production environment)
 *  D2  h12   s1 (PR1 squash), p2a+m2 (PR2 merge commit, no non-author review), r3a (PR3 rebase), d4 (direct push)
 *            staging at h11.5 and a failed production attempt at h11.75 are ignored
 *  D3  h26   e5 (PR5, squash); incident I1 h27 → resolved h29: failed by incident, recovery 3 h
 *  D4  h28   rollback to d4 (strict ancestor of e5, within 24 h): D3 also failed by rollback; D4 is rework
 *            (rollback, and I1 is open while it ships)
 *  P2  h30   "prod" at e5: no new changes (PR5 was deployed first by D3); it shipped S1 too, so the
 *            revert below fails it as well (recovered at h49: 19 h)
 *  D5  h49   v6 (PR6 reverts s1, deployed within 7 days of D2): D2 failed by revert, recovered at h49 (37 h);
 *            D5 contains a revert (rework); incident I2 h72, never resolved: D5 failed, not recovered
 *  D6  h240  x7 (PR7, first commit authored in the future: clock skew, excluded) and w8 (direct push);
 *            I-low h100 (low urgency) also falls to D5 unless the config counts only high urgency;
 *            I3 h241 belongs to D6 (after D5's next deployment), I4 h480 is past the 168 h window
 */
describe('DORA figures on a hand-worked history', () => {
  let t: TestDatabase;
  let ids: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase();
    const b = deliveryBuilder(t.db, T0);
    await b.service('api', 'core', 'acme/api', 'PAPI');
    await b.service('web', 'core', 'acme/web', 'PWEB');
    const r = 'acme/api';
    await b.commit(r, 'c0', [], -24);
    await b.commit(r, S1, ['c0'], 1, { committedH: 5, prs: [1] });
    await b.pullRequest(r, 1, {
      firstCommitH: 1,
      createdH: 3,
      reviewH: 4,
      mergedH: 5,
      mergeCommit: S1,
      commits: ['p1a', 'p1b'],
    });
    await b.commit(r, 'p2a', [S1], 6, { prs: [2] });
    await b.commit(r, 'm2', [S1, 'p2a'], 8, { prs: [2] });
    await b.pullRequest(r, 2, {
      firstCommitH: 6,
      createdH: 7,
      reviewH: null,
      mergedH: 8,
      mergeCommit: 'm2',
      commits: ['p2a'],
    });
    await b.commit(r, 'r3a', ['m2'], 9, { committedH: 10, prs: [3] });
    await b.pullRequest(r, 3, {
      firstCommitH: 9,
      createdH: 9.5,
      reviewH: 9.75,
      mergedH: 10,
      mergeCommit: 'r3a',
      commits: ['p3a'],
    });
    await b.commit(r, 'd4', ['r3a'], 11);
    await b.commit(r, 'e5', ['d4'], 24, { committedH: 25, prs: [5] });
    await b.pullRequest(r, 5, { firstCommitH: 24, createdH: 24.5, reviewH: 24.6, mergedH: 25, mergeCommit: 'e5' });
    await b.commit(r, 'v6', ['e5'], 47, {
      committedH: 48,
      prs: [6],
      message: `Revert "PR 1"\n\nThis reverts commit ${S1}.`,
    });
    await b.pullRequest(r, 6, {
      firstCommitH: 47,
      createdH: 47.5,
      reviewH: 47.6,
      mergedH: 48,
      mergeCommit: 'v6',
      labels: ['revert'],
    });
    await b.commit(r, 'x7', ['v6'], 720, { committedH: 239, prs: [7] });
    await b.pullRequest(r, 7, { firstCommitH: 720, createdH: 238, reviewH: 238.5, mergedH: 239, mergeCommit: 'x7' });
    await b.commit(r, 'w8', ['x7'], 239.5);
    ids = {
      D1: await b.deploy(r, 'production', 'c0', 0),
      P1: await b.deploy(r, 'prod', 'c0', 0),
      staging: await b.deploy(r, 'staging', 'd4', 11.5),
      attempt: await b.deploy(r, 'production', 'd4', null, 11.75),
      D2: await b.deploy(r, 'production', 'd4', 12),
      D3: await b.deploy(r, 'production', 'e5', 26),
      D4: await b.deploy(r, 'production', 'd4', 28),
      P2: await b.deploy(r, 'prod', 'e5', 30),
      D5: await b.deploy(r, 'production', 'v6', 49),
      D6: await b.deploy(r, 'production', 'w8', 240),
    };
    await b.incident('I1', 'PAPI', 27, 29);
    await b.incident('I2', 'PAPI', 72, null);
    await b.incident('I3', 'PAPI', 241, 242);
    await b.incident('I4', 'PAPI', 480, 481);
    await b.incident('I-low', 'PAPI', 100, 101, 'low');
    await b.incident('I-unclaimed', 'PNOBODY', 27, 28);
    // Service web (same team): baseline, then one PR with a 100 h lead time.
    await b.commit('acme/web', 'w0', [], -48);
    await b.commit('acme/web', 'w1', ['w0'], 2, { prs: [1] });
    await b.pullRequest('acme/web', 1, { firstCommitH: 2, createdH: 3, reviewH: 4, mergedH: 5, mergeCommit: 'w1' });
    await b.deploy('acme/web', 'production', 'w0', 1);
    await b.deploy('acme/web', 'production', 'w1', 102);
    await deriveDelivery(t.db, config);
  });
  afterAll(() => t.drop());

  const deployment = (id: string) =>
    t.db.selectFrom('derived_deployments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('attributes commits through the graph, with baselines and per-environment sequences', async () => {
    const rows = await t.db
      .selectFrom('derived_deployments')
      .select(['id', 'environment', 'is_baseline', 'commit_count', 'change_count', 'previous_id'])
      .where('repository_id', '=', (await deployment(ids.D1!)).repository_id)
      .orderBy('deployed_at')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, r.environment, r.is_baseline, r.commit_count, r.change_count])).toEqual([
      [ids.D1, 'production', true, 0, 0],
      [ids.P1, 'prod', true, 0, 0],
      [ids.D2, 'production', false, 5, 4],
      [ids.D3, 'production', false, 1, 1],
      [ids.D4, 'production', false, 0, 0],
      [ids.P2, 'prod', false, 6, 0],
      [ids.D5, 'production', false, 2, 1],
      [ids.D6, 'production', false, 2, 2],
    ]);
    expect(rows.find((r) => r.id === ids.D5)!.previous_id).toBe(ids.D4);
  });

  it('records each change once, at its first deployment, with lead time and stages', async () => {
    const changes = await t.db
      .selectFrom('derived_changes')
      .select([
        'change_key',
        'deployment_id',
        'lead_time_seconds',
        'coding_seconds',
        'pickup_seconds',
        'review_seconds',
        'deploy_seconds',
      ])
      .where('repository_id', '=', (await deployment(ids.D1!)).repository_id)
      .orderBy('change_key')
      .execute();
    expect(changes).toEqual(
      [
        {
          change_key: 'commit:d4',
          deployment_id: ids.D2,
          lead_time_seconds: 1 * H,
          coding_seconds: null,
          pickup_seconds: null,
          review_seconds: null,
          deploy_seconds: null,
        },
        {
          change_key: 'commit:w8',
          deployment_id: ids.D6,
          lead_time_seconds: 0.5 * H,
          coding_seconds: null,
          pickup_seconds: null,
          review_seconds: null,
          deploy_seconds: null,
        },
        {
          change_key: 'pr:1',
          deployment_id: ids.D2,
          lead_time_seconds: 11 * H,
          coding_seconds: 2 * H,
          pickup_seconds: 1 * H,
          review_seconds: 1 * H,
          deploy_seconds: 7 * H,
        },
        {
          change_key: 'pr:2',
          deployment_id: ids.D2,
          lead_time_seconds: 6 * H,
          coding_seconds: 1 * H,
          pickup_seconds: null,
          review_seconds: null,
          deploy_seconds: 4 * H,
        },
        {
          change_key: 'pr:3',
          deployment_id: ids.D2,
          lead_time_seconds: 3 * H,
          coding_seconds: 0.5 * H,
          pickup_seconds: 0.25 * H,
          review_seconds: 0.25 * H,
          deploy_seconds: 2 * H,
        },
        {
          change_key: 'pr:5',
          deployment_id: ids.D3,
          lead_time_seconds: 2 * H,
          coding_seconds: 0.5 * H,
          pickup_seconds: 0.1 * H,
          review_seconds: 0.4 * H,
          deploy_seconds: 1 * H,
        },
        {
          change_key: 'pr:6',
          deployment_id: ids.D5,
          lead_time_seconds: 2 * H,
          coding_seconds: 0.5 * H,
          pickup_seconds: 0.1 * H,
          review_seconds: 0.4 * H,
          deploy_seconds: 1 * H,
        },
        {
          change_key: 'pr:7',
          deployment_id: ids.D6,
          lead_time_seconds: -480 * H,
          coding_seconds: -482 * H,
          pickup_seconds: 0.5 * H,
          review_seconds: 0.5 * H,
          deploy_seconds: 1 * H,
        },
      ].map((c) => ({
        ...c,
        ...Object.fromEntries(
          Object.entries(c)
            .filter(([k, v]) => k.endsWith('seconds') && typeof v === 'number')
            .map(([k, v]) => [k, expect.closeTo(v as number, 6)]),
        ),
      })),
    );
  });

  it('marks failures with their reasons, recovery and rework', async () => {
    const facts = async (id: string) => {
      const d = await deployment(id);
      return {
        failed: d.failed,
        reasons: d.failure_reasons,
        incidents: d.incident_keys,
        recoveredAt: d.recovered_at?.toISOString() ?? null,
        rework: d.rework_reasons,
        rollbackOf: d.rollback_of,
        rolledBackBy: d.rolled_back_by,
        revertedBy: d.reverted_by,
      };
    };
    const at = (h: number) => new Date(T0.getTime() + h * 3_600_000).toISOString();
    expect(await facts(ids.D2!)).toEqual({
      failed: true,
      reasons: ['revert'],
      incidents: [],
      recoveredAt: at(49),
      rework: [],
      rollbackOf: null,
      rolledBackBy: null,
      revertedBy: ids.D5,
    });
    expect(await facts(ids.D3!)).toEqual({
      failed: true,
      reasons: ['incident', 'rollback'],
      incidents: ['pagerduty:I1'],
      recoveredAt: at(29),
      rework: [],
      rollbackOf: null,
      rolledBackBy: ids.D4,
      revertedBy: null,
    });
    expect(await facts(ids.D4!)).toEqual({
      failed: false,
      reasons: [],
      incidents: [],
      recoveredAt: null,
      rework: ['rollback', 'incident'],
      rollbackOf: ids.D3,
      rolledBackBy: null,
      revertedBy: null,
    });
    // P2 (the other production environment) also shipped S1, so the revert fails it too.
    expect(await facts(ids.P2!)).toMatchObject({
      failed: true,
      reasons: ['revert'],
      revertedBy: ids.D5,
      recoveredAt: at(49),
      rework: [],
    });
    expect(await facts(ids.D5!)).toEqual({
      failed: true,
      reasons: ['incident'],
      incidents: ['pagerduty:I-low', 'pagerduty:I2'],
      recoveredAt: null,
      rework: ['revert'],
      rollbackOf: null,
      rolledBackBy: null,
      revertedBy: null,
    });
    expect(await facts(ids.D6!)).toMatchObject({ failed: true, incidents: ['pagerduty:I3'], recoveredAt: at(242) });
  });

  it('counts today so far (UTC) from the same rows: deployments, failures, incidents opened and resolved, the newest', async () => {
    // Now is h36 (2026-03-03 12:00Z): today holds D3 (failed), D4, P2 (failed), I1 opened at h27 and resolved at h29.
    const at = (h: number) => new Date(T0.getTime() + h * 3_600_000);
    const api = (await resolveScope(t.db, { type: 'service', slug: 'api' }))!;
    expect(await getTodaySoFar(t.db, config, api, at(36))).toEqual({
      since: at(24).toISOString(),
      until: at(36).toISOString(),
      deployments: 3,
      failedDeployments: 2,
      incidentsOpened: 1,
      incidentsResolved: 1,
      newestAt: at(30).toISOString(),
    });
    // The same counts as a window of those hours; the other service had nothing today.
    const window = (await getDoraFigures(
      t.db,
      config,
      { type: 'service', slug: 'api' },
      { from: at(24), to: at(36) },
    ))!;
    expect(window.deploymentFrequency.deployments).toBe(3);
    expect(window.changeFailureRate.failedDeployments).toBe(2);
    const web = (await resolveScope(t.db, { type: 'service', slug: 'web' }))!;
    expect(await getTodaySoFar(t.db, config, web, at(36))).toMatchObject({ deployments: 0, newestAt: null });
  });

  it("counts deploy days as 24-hour days from the window's start: a noon-to-noon week has at most 7", async () => {
    // From Monday 12:00: api's h12, h26, h28 and h30 fall in the window's first day, h49 in its second
    // (three UTC calendar days); web's h102 in its fourth (a fourth calendar day). The organisation reads its rollups.
    const noon = { from: new Date(T0.getTime() + 12 * 3_600_000), to: new Date(T0.getTime() + (12 + 168) * 3_600_000) };
    expect(
      (await getDoraFigures(t.db, config, { type: 'service', slug: 'api' }, noon)).deploymentFrequency,
    ).toMatchObject({ deployments: 5, medianDeployDaysPerWeek: 2 });
    expect(
      (await getDoraFigures(t.db, config, { type: 'team', slug: 'core' }, noon)).deploymentFrequency,
    ).toMatchObject({ deployments: 6, medianDeployDaysPerWeek: 3 });
    expect((await getDoraFigures(t.db, config, { type: 'organisation' }, noon)).deploymentFrequency).toMatchObject({
      deployments: 6,
      medianDeployDaysPerWeek: 3,
    });
  });

  it("counts incidents open at the clock's now, not those created later or resolved since", async () => {
    // Pinned at h241.5: I2 (h72, never resolved) and I3 (h241 → h242) are open; I4 (h480) has not happened yet.
    process.env.PAVED_NOW = new Date(T0.getTime() + 241.5 * 3_600_000).toISOString();
    try {
      const summary = await getOrganisationSummary(t.db, { ...week, productionEnvironments: ['production', 'prod'] });
      expect(summary.openIncidents).toBe(2);
    } finally {
      delete process.env.PAVED_NOW;
    }
  });

  it('computes the figures of one service over a week', async () => {
    const figures = await getDoraFigures(t.db, config, { type: 'service', slug: 'api' }, week);
    expect(figures.deploymentFrequency).toEqual({
      deployments: 7,
      perWeek: 7,
      medianDeployDaysPerWeek: 3,
      level: 'high',
      levelStatus: 'ok',
    });
    expect(figures.changeFailureRate).toEqual({
      deployments: 7,
      failedDeployments: 4,
      rate: 4 / 7,
      level: 'low',
      levelStatus: 'ok',
    });
    // D3 3 h, P2 19 h, D2 37 h: three recoveries, fewer than the default small-sample rule's five.
    expect(figures.failedDeploymentRecoveryTime).toEqual({
      failedDeployments: 4,
      recovered: 3,
      medianSeconds: 19 * H,
      level: null,
      levelStatus: 'not_enough_data',
    });
    const lenient = { ...config, metrics: { ...config.metrics, minimumSample: 3 } };
    const levelled = await getDoraFigures(t.db, lenient, { type: 'service', slug: 'api' }, week);
    expect(levelled.failedDeploymentRecoveryTime).toMatchObject({ level: 'high', levelStatus: 'ok' });
    expect({ ...levelled, failedDeploymentRecoveryTime: null }).toEqual({
      ...figures,
      failedDeploymentRecoveryTime: null,
    });
    expect(figures.reworkRate).toEqual({ deployments: 7, reworkDeployments: 2, rate: 2 / 7 });
    // I1 (2 h), I2 (open) and I-low (1 h; low urgency counts by default); I-unclaimed never counts.
    expect(figures.timeToRestore).toEqual({ incidents: 3, resolved: 2, medianSeconds: 1.5 * H });
    const lead = figures.leadTimeForChanges;
    expect(lead.changes).toBe(6);
    expect(lead.medianSeconds).toBeCloseTo(2.5 * H, 6);
    expect(lead.p75Seconds).toBeCloseTo(5.25 * H, 6); // [1,2,2,3,6,11] h: rank 3.75 → 3 + 0.75 × 3
    expect(lead.p90Seconds).toBeCloseTo(8.5 * H, 6); // rank 4.5 → 6 + 0.5 × 5
    expect(lead.level).toBe('elite');
    expect(lead.stages.codingSeconds).toBeCloseTo(0.5 * H, 6); // [2, 1, 0.5, 0.5, 0.5]
    expect(lead.stages.pickupSeconds).toBeCloseTo(0.175 * H, 6); // [1, 0.25, 0.1, 0.1]
    expect(lead.stages.reviewSeconds).toBeCloseTo(0.4 * H, 6); // [1, 0.25, 0.4, 0.4]
    expect(lead.stages.deploySeconds).toBeCloseTo(2 * H, 6); // [7, 4, 2, 1, 1]
  });

  it('pools the team’s services (never a median of medians) and isolates services', async () => {
    const team = await getDoraFigures(
      t.db,
      config,
      { type: 'team', slug: 'core' },
      { from: T0, to: new Date(T0.getTime() + 14 * 86_400_000) },
    );
    expect(team.deploymentFrequency.deployments).toBe(8 + 2);
    expect(team.leadTimeForChanges.changes).toBe(6 + 1 + 1); // w8 and web's PR; PR7 is excluded (clock skew)
    const web = await getDoraFigures(t.db, config, { type: 'service', slug: 'web' }, week);
    expect(web.leadTimeForChanges.medianSeconds).toBeCloseTo(100 * H, 6);
    expect(web.timeToRestore.incidents).toBe(0);
  });

  it('answers an empty window with zeros and nulls', async () => {
    const empty = await getDoraFigures(
      t.db,
      config,
      { type: 'organisation' },
      { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-01-08T00:00:00Z') },
    );
    expect(empty).toEqual({
      deploymentFrequency: {
        deployments: 0,
        perWeek: 0,
        medianDeployDaysPerWeek: 0,
        level: null,
        levelStatus: 'no_data',
      },
      leadTimeForChanges: {
        changes: 0,
        medianSeconds: null,
        p75Seconds: null,
        p90Seconds: null,
        level: null,
        levelStatus: 'no_data',
        stages: { codingSeconds: null, pickupSeconds: null, reviewSeconds: null, deploySeconds: null },
      },
      changeFailureRate: { deployments: 0, failedDeployments: 0, rate: null, level: null, levelStatus: 'no_data' },
      failedDeploymentRecoveryTime: {
        failedDeployments: 0,
        recovered: 0,
        medianSeconds: null,
        level: null,
        levelStatus: 'no_data',
      },
      timeToRestore: { incidents: 0, resolved: 0, medianSeconds: null },
      reworkRate: { deployments: 0, reworkDeployments: 0, rate: null },
    });
  });

  it('re-derives when config changes, without re-collection (urgency filter)', async () => {
    const highOnly = parseConfigText(
      'github:\n  token: t\n  productionEnvironments: [production]\npagerduty:\n  token: p\n  urgencies: [high]\n',
      'test.yaml',
      {},
    ).config;
    const report = await deriveDelivery(t.db, highOnly);
    expect(report.full).toBe(true);
    const figures = await getDoraFigures(t.db, highOnly, { type: 'service', slug: 'api' }, week);
    // Without "prod", P1 and P2 are not deployments; without low urgency, I-low is not an incident.
    expect(figures.deploymentFrequency.deployments).toBe(5);
    expect(figures.timeToRestore.incidents).toBe(2);
    expect((await deployment(ids.D5!)).incident_keys).toEqual(['pagerduty:I2']);
    const again = await deriveDelivery(t.db, highOnly);
    expect(again).toMatchObject({ full: false, phaseOneRepositories: 0, phaseTwoRepositories: 0 });
    await deriveDelivery(t.db, config);
  });

  it('counts incidents by title and per service when configured, and re-derives', async () => {
    const withRules = (yaml: string) =>
      parseConfigText(`github:\n  token: t\n  productionEnvironments: [production, PROD]\n${yaml}`, 'test.yaml', {})
        .config;
    // The source's rule: an incident whose title contains "i2" (any case) does not count.
    const titles = withRules('pagerduty:\n  token: p\n  excludeTitles: [i2]\n');
    expect((await deriveDelivery(t.db, titles)).full).toBe(true);
    expect((await deployment(ids.D5!)).incident_keys).toEqual(['pagerduty:I-low']);
    expect((await getDoraFigures(t.db, titles, { type: 'service', slug: 'api' }, week)).timeToRestore.incidents).toBe(
      2,
    );
    // A service's own rule: high urgency only, and a 30-minute attribution window, so I1 (1 h after D3) no longer fails D3.
    const perService = withRules(
      'catalog:\n  services:\n    - slug: api\n      incidents: { urgencies: [high], attributionWindowHours: 0.5 }\n',
    );
    expect((await deriveDelivery(t.db, perService)).full).toBe(true);
    expect(await deployment(ids.D3!)).toMatchObject({ incident_keys: [], failure_reasons: ['rollback'] });
    expect((await deployment(ids.D5!)).incident_keys).not.toContain('pagerduty:I-low');
    await deriveDelivery(t.db, config);
    expect((await deployment(ids.D3!)).incident_keys).toEqual(['pagerduty:I1']);
  });

  it("quotes the attribution window that applied in the incidents list: the service's own, else the source's", async () => {
    const reasonOfI1 = async (c: typeof config) => {
      await deriveDelivery(t.db, c);
      const scope = (await resolveScope(t.db, { type: 'service', slug: 'api' }))!;
      const { items } = await listIncidents(t.db, c, scope, week, { limit: 100, after: null });
      return items.find((i) => i.id === 'I1')!.attributedDeployment;
    };
    const ownWindow = parseConfigText(
      'github:\n  token: t\n  productionEnvironments: [production, PROD]\ncatalog:\n  services:\n    - slug: api\n      incidents: { attributionWindowHours: 2 }\n',
      'test.yaml',
      {},
    ).config;
    expect(await reasonOfI1(ownWindow)).toEqual({
      id: ids.D3,
      deployedAt: '2026-03-03T02:00:00.000Z',
      reason:
        "created 1.0 h after this deployment, before the service's next production deployment and within 2 h, api's own attribution window",
    });
    expect((await reasonOfI1(config))!.reason).toBe(
      "created 1.0 h after this deployment, before the service's next production deployment and within 168 h",
    );
  });

  it('keeps the derivation key of a configuration without incident rules, so nothing is re-derived', () => {
    // The key as it was before incident rules existed: figures derived under it stay as they are.
    expect(derivationConfigKey(config)).toBe(
      fingerprintOf({
        v: 1,
        productionEnvironments: ['prod', 'production'],
        deployWorkflows: {},
        hotfixLabels: ['bug', 'hotfix', 'incident'],
        window: 168,
        urgencies: null,
        priorities: null,
      }),
    );
  });
});
