import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeProcessDatabase } from '../../db/database';
import { loadConfig } from '../../lib/config';
import { resolveFilters } from '../../lib/resolve-filters';
import { byServiceName, SERVICES_PAGE } from '../../lib/service-list-order';
import { deriveAll } from '../../scorecards/derive-all';
import type { ServiceListRow } from '../../scorecards/read/services-with-figures';
import { addBatchServices } from '../helpers/more-services';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * GET /api/v1/dora/services and the services pages' first rows, on the demo organisation with
 * 110 more services in the payments team (addBatchServices): more than a page, for the
 * organisation and for one team. The pages server-render the first
 * SERVICES_PAGE services by name; the route answers every one, with the same figures.
 */
const NOW = '2026-06-01T12:00:00Z';
const EXTRA = 110;
let t: TestDatabase;

const get = async (url: string, headers: HeadersInit = {}) => {
  const { GET } = await import('../../app/api/v1/dora/services/route');
  const response = await GET(new Request(new URL(url, 'http://paved.test'), { headers }));
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : null };
};

beforeAll(async () => {
  t = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-service-figures-'));
  writeFileSync(
    path.join(dir, 'paved.yaml'),
    `schedule:\n  enabled: false\nscorecards: ${path.resolve(__dirname, '../../scorecards.yaml')}\n`,
  );
  process.env.PAVED_CONFIG = path.join(dir, 'paved.yaml');
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await addBatchServices(t.db, EXTRA);
  await deriveAll(t.db, loadConfig());
}, 180_000);
afterAll(async () => {
  await closeProcessDatabase();
  await t.drop();
});

const firstByName = (rows: ServiceListRow[]) => [...rows].sort(byServiceName).slice(0, SERVICES_PAGE);

describe('GET /api/v1/dora/services', () => {
  it('answers every service with its figures and scorecard level, and one team’s', async () => {
    const all = await get('/api/v1/dora/services?from=2026-03-01&to=2026-05-31');
    expect(all.status).toBe(200);
    expect(all.body.window).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    expect(all.body.team).toBeNull();
    expect(all.body.scorecard).toMatchObject({ id: 'golden-path' });
    const services = all.body.services as ServiceListRow[];
    expect(services).toHaveLength(23 + EXTRA);
    const batch = services.filter((s) => s.slug.startsWith('batch-'));
    expect(batch.every((s) => s.team?.slug === 'payments')).toBe(true);
    expect(batch.filter((s) => s.deployments > 0).length).toBeGreaterThan(EXTRA / 2);
    expect(services.filter((s) => s.scorecardLevel !== null || s.scorecardScore !== null).length).toBeGreaterThan(0);

    const team = await get('/api/v1/dora/services?from=2026-03-01&to=2026-05-31&team=payments');
    expect(team.body.team).toBe('payments');
    expect(team.body.services).toEqual(services.filter((s) => s.team?.slug === 'payments'));
  });

  it('refuses a bad window or an unknown team, and answers If-None-Match with 304', async () => {
    const bad = await get('/api/v1/dora/services?from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^from: /);
    expect((await get('/api/v1/dora/services?service=ledger')).status).toBe(200);
    const unknown = await get('/api/v1/dora/services?team=nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('no team "nope"');
    const first = await get('/api/v1/dora/services?team=checkout');
    expect(first.etag).toMatch(/^W\/"/);
    const again = await get('/api/v1/dora/services?team=checkout', { 'if-none-match': first.etag! });
    expect(again.status).toBe(304);
  });
});

describe('the services pages’ first rows', () => {
  const filters = () => {
    const resolved = resolveFilters({ range: 'custom', from: '2026-03-01', to: '2026-05-31' });
    if (!resolved.ok) throw new Error(resolved.message);
    return resolved.filters;
  };

  it('are the first SERVICES_PAGE services by name, with the figures the route answers for them', async () => {
    const { loadServices } = await import('../../app/_server/load-services');
    const page = await loadServices(filters());
    const all = (await get('/api/v1/dora/services?from=2026-03-01&to=2026-05-31')).body.services as ServiceListRow[];
    expect(page.total).toBe(all.length);
    expect(page.rows).toHaveLength(SERVICES_PAGE);
    expect(page.rows).toEqual(firstByName(all));
    // Equal names but for case keep the catalog's order (by slug) among themselves.
    const equal = page.rows.filter((r) => r.name.toLowerCase() === 'payments batch 007');
    expect(equal.map((r) => r.slug)).toEqual(['batch-007', 'batch-107']);
  });

  it('on a team page too: the team’s first services, and how many it has', async () => {
    const { loadTeamPage } = await import('../../app/_server/load-team-page');
    const page = (await loadTeamPage('payments', filters()))!;
    const team = (await get('/api/v1/dora/services?from=2026-03-01&to=2026-05-31&team=payments')).body
      .services as ServiceListRow[];
    expect(team.length).toBeGreaterThan(SERVICES_PAGE);
    expect(page.services.total).toBe(team.length);
    expect(page.services.rows).toEqual(firstByName(team));
  });

  it('are every service when the list is no longer than a page', async () => {
    const { loadTeamPage } = await import('../../app/_server/load-team-page');
    const page = (await loadTeamPage('checkout', filters()))!;
    const team = (await get('/api/v1/dora/services?from=2026-03-01&to=2026-05-31&team=checkout')).body
      .services as ServiceListRow[];
    expect(page.services.total).toBe(team.length);
    expect([...page.services.rows].sort((a, b) => a.slug.localeCompare(b.slug))).toEqual(team);
  });
});
