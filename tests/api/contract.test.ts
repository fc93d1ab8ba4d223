import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { Webhooks } from '@octokit/webhooks';
import { z } from 'zod';
import type { listApiTokens } from '../../access/api-tokens';
import * as accessBody from '../../access/responses';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeWebProcess } from '../helpers/web-process';
import { loadConfig } from '../../lib/config';
import { signPagerdutyBody } from '../webhooks/payloads';
import type { listServices } from '../../metrics/catalog-views';
import type { DataQuality } from '../../metrics/data-quality';
import type { ChangeRow } from '../../metrics/list-changes';
import type { DeploymentRow } from '../../metrics/list-deployments';
import type { IncidentRow } from '../../metrics/list-incidents';
import * as body from '../../metrics/responses';
import type { TargetStatus } from '../../metrics/targets';
import type { TeamView } from '../../metrics/team-view';
import { deriveAll } from '../../scorecards/derive-all';
import type { InitiativeDetail, InitiativeSummary } from '../../scorecards/initiatives/get-initiatives';
import * as initiativeBody from '../../scorecards/initiatives/responses';
import type { ScorecardHistory } from '../../scorecards/read/get-scorecard-history';
import type { ScorecardImpact } from '../../scorecards/read/get-scorecard-impact';
import type { ScorecardDetail } from '../../scorecards/read/get-scorecard';
import type { ServiceScorecard } from '../../scorecards/read/get-service-scorecard';
import type { ScorecardSummary } from '../../scorecards/read/list-scorecards';
import * as scorecardBody from '../../scorecards/responses';
import { listAppRoutes } from '../helpers/app-routes';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * The contract: every /api/v1 route, called in-process against the demo organisation, answers
 * what /api/v1/openapi.json says, validated against the served document itself (not the zod
 * schemas it is generated from), so the document cannot drift from the code.
 */

const NOW = '2026-06-01T12:00:00Z';
const TOKEN = 'contract-admin';
let t: TestDatabase;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type OpenApi = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema?: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

/** The route module for a documented path: `/api/v1/badges/{service}.svg` → app/api/v1/badges/[service]/route.ts. */
async function handler(documented: string, method: string): Promise<Handler> {
  const dir = documented.replace(/\.svg$/, '').replace(/\{(\w+)\}/g, '[$1]');
  const module = (await import(/* @vite-ignore */ `../../app${dir}/route`)) as Record<string, Handler>;
  return module[method.toUpperCase()]!;
}

/** Calls `method path` on the route that serves it, with the path's parameters as Next.js passes them. */
async function call(method: string, documented: string, concrete: string, init: RequestInit = {}) {
  const url = new URL(concrete, 'http://paved.test');
  const names = [...documented.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pattern = new RegExp(`^${documented.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '([^/]+?)')}$`);
  const values = url.pathname.match(pattern)?.slice(1) ?? [];
  expect(values, `${concrete} matches ${documented}`).toHaveLength(names.length);
  // The badge route receives `ledger.svg` as its segment, as Next.js passes it.
  const params = Object.fromEntries(
    names.map((n, i) => [n, documented.endsWith('.svg') && i === names.length - 1 ? `${values[i]}.svg` : values[i]!]),
  );
  const response = await (
    await handler(documented, method)
  )(new Request(url, { method, ...init }), { params: Promise.resolve(params) });
  return response;
}

let doc: OpenApi;
const seen = new Set<string>();

/** The document's own schema, its references pointed at its components. */
function documentedSchema(schema: object) {
  const resolved = JSON.parse(
    JSON.stringify({ ...schema, $defs: doc.components.schemas }).replaceAll('#/components/schemas/', '#/$defs/'),
  );
  return z.fromJSONSchema(resolved);
}

/** The documented JSON schema of one answer. */
function answerSchema(method: string, documented: string, status: number) {
  return documentedSchema(
    doc.paths[documented]![method]!.responses[String(status)]!.content!['application/json']!.schema!,
  );
}

/** Validates a real answer against the document's schema for its path, method, status and type. */
async function expectDocumented(method: string, documented: string, concrete: string, init?: RequestInit) {
  const response = await call(method, documented, concrete, init);
  const operation = doc.paths[documented]?.[method];
  expect(operation, `${method} ${documented} is documented`).toBeDefined();
  const declared = operation!.responses[String(response.status)];
  expect(declared, `${method} ${concrete} answered ${response.status}, which is documented`).toBeDefined();
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
  const text = await response.text();
  if (!declared!.content) expect(text, `${method} ${concrete}: no body is documented`).toBe('');
  else
    expect(
      declared!.content[type],
      `${method} ${concrete}: ${type} is documented for ${response.status}`,
    ).toBeDefined();
  const json: unknown = type === 'application/json' ? JSON.parse(text) : null;
  if (type === 'application/json') {
    const result = documentedSchema(declared!.content![type]!.schema!).safeParse(json);
    expect(result.success ? [] : result.error.issues.slice(0, 5), `${method} ${concrete}`).toEqual([]);
  }
  seen.add(`${method} ${documented} ${response.status}`);
  return json;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-contract-'));
  writeFileSync(
    path.join(dir, 'paved.yaml'),
    `schedule:\n  enabled: false\nserver:\n  adminToken: ${TOKEN}\nscorecards: ${path.resolve(__dirname, '../../scorecards.yaml')}\n` +
      // A channel for the test message (queued only: no worker runs here).
      'notifications:\n  teams:\n    payments: [{ type: slack, webhookUrlEnv: PAVED_CONTRACT_SLACK }]\n',
  );
  process.env.PAVED_CONFIG = path.join(dir, 'paved.yaml');
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
  const { GET } = await import('../../app/api/v1/openapi.json/route');
  doc = (await GET().json()) as OpenApi;
}, 180_000);
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
});

describe('the OpenAPI document', () => {
  it('documents every /api/v1 route', () => {
    const routes = listAppRoutes()
      .filter((r) => r.kind === 'route' && r.pattern.startsWith('/api/v1/') && r.pattern !== '/api/v1/openapi.json')
      .map((r) => r.pattern.replace(/\[(\w+)\]/g, '{$1}'));
    const documented = Object.keys(doc.paths).map((p) => p.replace(/\.svg$/, ''));
    expect(documented.sort()).toEqual(routes.sort());
  });

  it('generates parameters from the schemas the routes parse with', () => {
    const dora = doc.paths['/api/v1/dora']!.get as unknown as { parameters: { name: string; schema: object }[] };
    expect(dora.parameters.map((p) => p.name)).toEqual(['from', 'to', 'service', 'team', 'compare']);
    const from = dora.parameters[0]!.schema as { anyOf: { format: string }[] };
    expect(from.anyOf.map((s) => s.format)).toEqual(['date', 'date-time']);
    expect(dora.parameters[4]!.schema).toMatchObject({
      enum: ['previous-period', 'previous-month', 'previous-quarter', 'previous-year'],
      default: 'previous-period',
    });
  });
});

describe('every route answers what the document says', () => {
  it('metrics', async () => {
    const get = (documented: string, concrete = documented) => expectDocumented('get', documented, concrete);
    await get('/api/v1/dora');
    await get('/api/v1/dora', '/api/v1/dora?team=payments&from=2026-04-01&to=2026-04-30');
    await get('/api/v1/dora', '/api/v1/dora?from=2026-04-01&to=2026-04-30&compare=previous-year');
    await get('/api/v1/dora', '/api/v1/dora?compare=previous-quarter');
    await get('/api/v1/dora', '/api/v1/dora?from=2026-02-30');
    await get('/api/v1/dora', '/api/v1/dora?team=nope');
    await get('/api/v1/dora/series', '/api/v1/dora/series?interval=month&service=ledger');
    await get('/api/v1/dora/services');
    await get('/api/v1/dora/services', '/api/v1/dora/services?team=payments&from=2026-04-01&to=2026-04-30');
    await get('/api/v1/dora/services', '/api/v1/dora/services?team=nope');
    await get('/api/v1/dora/services', '/api/v1/dora/services?to=2026-13-01');
    const targets = (await get('/api/v1/targets')) as { targets: unknown[] };
    expect(targets.targets.length).toBeGreaterThan(0); // the demo organisation's
    await get('/api/v1/targets', '/api/v1/targets?team=checkout&from=2026-04-01&to=2026-04-30');
    await get('/api/v1/targets', '/api/v1/targets?from=2026-02-30');
    await get('/api/v1/services');
    await get('/api/v1/services', '/api/v1/services?format=csv');
    await get('/api/v1/services/{slug}', '/api/v1/services/ledger');
    await get('/api/v1/services/{slug}', '/api/v1/services/nope');
    await get('/api/v1/teams');
    await get('/api/v1/teams/{slug}', '/api/v1/teams/payments?from=2026-03-01');
    await get('/api/v1/deployments', '/api/v1/deployments?failed=true&limit=20');
    await get('/api/v1/deployments', '/api/v1/deployments?format=csv&limit=3');
    await get('/api/v1/changes', '/api/v1/changes?service=ledger&limit=20');
    await get('/api/v1/incidents', '/api/v1/incidents?from=2025-12-01&to=2026-05-31&limit=50');
    await get('/api/v1/data-quality');
  }, 60_000);

  it('sync', async () => {
    await expectDocumented('post', '/api/v1/sync', '/api/v1/sync');
    const { runId } = (await expectDocumented('post', '/api/v1/sync', '/api/v1/sync', {
      headers: { authorization: `Bearer ${TOKEN}` },
    })) as { runId: number };
    await expectDocumented('get', '/api/v1/sync/runs/{id}', `/api/v1/sync/runs/${runId}`);
    await expectDocumented('get', '/api/v1/sync/runs/{id}', '/api/v1/sync/runs/abc');
    await expectDocumented('get', '/api/v1/sync/runs/{id}', '/api/v1/sync/runs/424242');
  });

  it('digests', async () => {
    const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    await expectDocumented('get', '/api/v1/digests', '/api/v1/digests');
    await expectDocumented('get', '/api/v1/digests', '/api/v1/digests?team=payments');
    await expectDocumented('get', '/api/v1/digests', '/api/v1/digests?team=nope');
    await expectDocumented('get', '/api/v1/digests', '/api/v1/digests?team=Not%20a%20slug');
    const test = (body: string, headers: Record<string, string> = admin) =>
      expectDocumented('post', '/api/v1/digests/test', '/api/v1/digests/test', { method: 'POST', headers, body });
    await test('{"team": "payments"}', { 'content-type': 'application/json' });
    await test('{"team": "payments"}');
    await test('{"team": "checkout"}');
    await test('{"team": "nope"}');
    await test('{"team": 7}');
  });

  it('access tokens', async () => {
    const admin = { authorization: `Bearer ${TOKEN}` };
    await expectDocumented('get', '/api/v1/tokens', '/api/v1/tokens');
    const created = (await expectDocumented('post', '/api/v1/tokens', '/api/v1/tokens', {
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'contract', role: 'viewer' }),
    })) as { id: number; token: string };
    // The answer is held to a closed schema: a field the document does not name fails.
    const createdSchema = answerSchema('post', '/api/v1/tokens', 201);
    expect(created.token).toMatch(/^\S{20,}$/);
    expect(createdSchema.safeParse({ ...created, secretHash: 'x' }).success).toBe(false);
    const { token: _, ...withoutSecret } = created;
    expect(createdSchema.safeParse(withoutSecret).success).toBe(false);
    await expectDocumented('get', '/api/v1/tokens', '/api/v1/tokens', { headers: admin });
    await expectDocumented('delete', '/api/v1/tokens/{id}', `/api/v1/tokens/${created.id}`, { headers: admin });
    await expectDocumented('delete', '/api/v1/tokens/{id}', `/api/v1/tokens/${created.id}`, { headers: admin });
  });

  it('incident overrides', async () => {
    const admin = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    const { items } = (await expectDocumented(
      'get',
      '/api/v1/incidents',
      '/api/v1/incidents?from=2025-12-01&to=2026-05-31&limit=1',
    )) as { items: { source: string; id: string }[] };
    const path = `/api/v1/incidents/${items[0]!.source}/${items[0]!.id}/override`;
    const documented = '/api/v1/incidents/{source}/{id}/override';
    const body = JSON.stringify({ action: 'not_caused_by_change', reason: 'contract' });
    await expectDocumented('put', documented, path, { body, headers: { 'content-type': 'application/json' } });
    await expectDocumented('put', documented, path, { body, headers: admin });
    await expectDocumented('put', documented, path, { body: '{}', headers: admin });
    await expectDocumented('put', documented, '/api/v1/incidents/pagerduty/NOPE/override', { body, headers: admin });
    await expectDocumented('delete', documented, path, { headers: admin });
    await expectDocumented('delete', documented, path, { headers: admin });
  });

  it('scorecards and badges', async () => {
    const get = (documented: string, concrete = documented) => expectDocumented('get', documented, concrete);
    await get('/api/v1/scorecards');
    await get('/api/v1/scorecards/{id}', '/api/v1/scorecards/golden-path');
    await get('/api/v1/scorecards/{id}', '/api/v1/scorecards/nope');
    await get('/api/v1/scorecards/{id}/services/{slug}', '/api/v1/scorecards/golden-path/services/ledger');
    await get('/api/v1/scorecards/{id}/history', '/api/v1/scorecards/golden-path/history?from=2026-05-01');
    await get('/api/v1/scorecards/{id}/history', '/api/v1/scorecards/golden-path/history?from=2026-02-30');
    const impact = (await get('/api/v1/scorecards/{id}/impact', '/api/v1/scorecards/golden-path/impact')) as {
      checks: { outcomes: { passing: object }; beforeAfter: { services: unknown[] } }[];
      roadmap: object[];
    };
    // Closed objects at every depth: an undocumented field, top-level or nested, fails.
    const impactSchema = answerSchema('get', '/api/v1/scorecards/{id}/impact', 200);
    expect(impact.checks.length).toBeGreaterThan(0);
    expect(impact.checks.some((c) => c.beforeAfter.services.length > 0)).toBe(true);
    expect(impactSchema.safeParse({ ...impact, extra: 1 }).success).toBe(false);
    const [first, ...rest] = impact.checks;
    const nested = { ...first!, outcomes: { ...first!.outcomes, passing: { ...first!.outcomes.passing, extra: 1 } } };
    expect(impactSchema.safeParse({ ...impact, checks: [nested, ...rest] }).success).toBe(false);
    expect(impactSchema.safeParse({ ...impact, roadmap: [{ ...impact.roadmap[0], extra: 1 }] }).success).toBe(false);
    const impactPath = '/api/v1/scorecards/golden-path/impact';
    await get('/api/v1/scorecards/{id}/impact', `${impactPath}?from=2026-01-01&to=2026-03-31&team=payments&level=gold`);
    await get('/api/v1/scorecards/{id}/impact', `${impactPath}?tier=tier-1&format=csv`);
    await get('/api/v1/scorecards/{id}/impact', `${impactPath}?level=platinum`);
    await get('/api/v1/scorecards/{id}/impact', `${impactPath}?team=nobody`);
    await get('/api/v1/scorecards/{id}/impact', `${impactPath}?windowDays=30&from=2026-01-01`);
    await get('/api/v1/badges/{service}.svg', '/api/v1/badges/ledger.svg');
    const initiatives = (await get('/api/v1/initiatives')) as { initiatives: unknown[] };
    expect(initiatives.initiatives.length).toBeGreaterThan(0); // the shipped file's
    await get('/api/v1/initiatives/{id}', '/api/v1/initiatives/dependency-hygiene');
    await get('/api/v1/initiatives/{id}', '/api/v1/initiatives/golden-pipeline-wave-1?weeks=4');
    await get('/api/v1/initiatives/{id}', '/api/v1/initiatives/dependency-hygiene?weeks=0');
    await get('/api/v1/initiatives/{id}', '/api/v1/initiatives/nope');
  }, 60_000);

  it('webhooks', async () => {
    const config = process.env.PAVED_CONFIG!;
    const original = readFileSync(config, 'utf8');
    const body = JSON.stringify({ event: { id: 'contract-1', event_type: 'pagey.ping', data: {} } });
    const signed = { headers: { 'x-pagerduty-signature': signPagerdutyBody(['contract-secret'], body) }, body };
    await expectDocumented('post', '/api/v1/webhooks/pagerduty', '/api/v1/webhooks/pagerduty', { ...signed });
    await expectDocumented('post', '/api/v1/webhooks/github', '/api/v1/webhooks/github', { body: '{}' });
    process.env.CONTRACT_SECRET = 'contract-secret';
    writeFileSync(
      config,
      `${original}github:\n  token: unused\n  webhookSecret: \${CONTRACT_SECRET}\n` +
        `pagerduty:\n  token: unused\n  webhookSecrets: ["\${CONTRACT_SECRET}"]\n`,
    );
    try {
      const ping = JSON.stringify({ zen: 'Design for failure.', hook_id: 1 });
      await expectDocumented('post', '/api/v1/webhooks/github', '/api/v1/webhooks/github', {
        headers: {
          'x-github-event': 'ping',
          'x-github-delivery': 'contract-ping',
          'x-hub-signature-256': await new Webhooks({ secret: 'contract-secret' }).sign(ping),
        },
        body: ping,
      });
      await expectDocumented('post', '/api/v1/webhooks/pagerduty', '/api/v1/webhooks/pagerduty', { ...signed });
      await expectDocumented('post', '/api/v1/webhooks/pagerduty', '/api/v1/webhooks/pagerduty', { body });
      await expectDocumented('post', '/api/v1/webhooks/pagerduty', '/api/v1/webhooks/pagerduty', {
        headers: { 'x-pagerduty-signature': 'v1=00' },
        body,
      });
    } finally {
      writeFileSync(config, original);
    }
  });

  it('called every documented operation with a success', () => {
    const operations = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.keys(methods).map((m) => `${m} ${p}`),
    );
    for (const operation of operations)
      expect(
        [...seen].some((s) => s.startsWith(`${operation} 2`)),
        operation,
      ).toBe(true);
  });
});

describe('the documented bodies are the types the code returns', () => {
  it('match exactly', () => {
    expectTypeOf<DeploymentRow>().toEqualTypeOf<z.infer<typeof body.deploymentRow>>();
    expectTypeOf<ChangeRow>().toEqualTypeOf<z.infer<typeof body.changeRow>>();
    expectTypeOf<IncidentRow>().toEqualTypeOf<z.infer<typeof body.incidentRow>>();
    expectTypeOf<Awaited<ReturnType<typeof listServices>>[number]>().toEqualTypeOf<z.infer<typeof body.serviceView>>();
    expectTypeOf<TeamView>().toEqualTypeOf<z.infer<typeof body.teamView>>();
    expectTypeOf<DataQuality>().toEqualTypeOf<z.infer<typeof body.dataQuality>>();
    expectTypeOf<TargetStatus>().toEqualTypeOf<z.infer<typeof body.targetStatus>>();
    expectTypeOf<ScorecardSummary>().toEqualTypeOf<z.infer<typeof scorecardBody.scorecardSummary>>();
    expectTypeOf<ScorecardDetail>().toEqualTypeOf<z.infer<typeof scorecardBody.scorecardDetail>>();
    expectTypeOf<ServiceScorecard>().toEqualTypeOf<z.infer<typeof scorecardBody.serviceScorecard>>();
    expectTypeOf<ScorecardHistory>().toEqualTypeOf<z.infer<typeof scorecardBody.scorecardHistory>>();
    expectTypeOf<ScorecardImpact>().toEqualTypeOf<z.infer<typeof scorecardBody.scorecardImpact>>();
    expectTypeOf<InitiativeSummary>().toEqualTypeOf<z.infer<typeof initiativeBody.initiativeSummary>>();
    expectTypeOf<InitiativeDetail>().toEqualTypeOf<z.infer<typeof initiativeBody.initiativeDetail>>();
    expectTypeOf<Awaited<ReturnType<typeof listApiTokens>>[number]>().toEqualTypeOf<
      z.infer<typeof accessBody.tokenSummary>
    >();
  });
});
