import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { readFigureGeneration } from '../../db/figure-generation';
import { loadConfig } from '../../lib/config';
import { metrics } from '../../lib/telemetry/metrics';
import { deriveDelivery } from '../../metrics/derive/run-derivation';
import { deriveAll } from '../../scorecards/derive-all';
import { useConfig } from '../helpers/access';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { closeWebProcess } from '../helpers/web-process';

/**
 * The read path's cache and validators on the demo organisation: an answer is reused while the
 * figure generation stands and never after it moves (derive, read, change data, derive, read
 * again: the figures change), ETags answer If-None-Match with 304, badges revalidate after a
 * minute.
 */
const NOW = '2026-06-01T12:00:00Z';
const SERVICE = 'billing-monolith';
const WINDOW = 'from=2026-03-01&to=2026-05-31';
let t: TestDatabase;

const doraRoute = () => import('../../app/api/v1/dora/route');
const dora = async (query: string, headers: Record<string, string> = {}) =>
  (await doraRoute()).GET(new Request(`http://paved.test/api/v1/dora?${query}`, { headers }));
const badge = async (headers: Record<string, string> = {}) =>
  (await import('../../app/api/v1/badges/[service]/route')).GET(
    new Request(`http://paved.test/api/v1/badges/${SERVICE}.svg`, { headers }),
    { params: Promise.resolve({ service: `${SERVICE}.svg` }) },
  );
const lookups = async (result: string) =>
  (await metrics().figureCacheLookups.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  useConfig(`schedule:\n  enabled: false\nscorecards: ${path.resolve('scorecards.yaml')}\n`);
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
}, 120_000);
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
  delete process.env.PAVED_NOW;
});

/** A production deployment of the service's repository on 2026-05-20, as a sync would collect it. */
async function collectOneMoreDeployment() {
  await sql`
    insert into deployments (repository_id, source, external_id, environment, commit_oid, created_at, updated_at, statuses, latest_state, deployed_at)
    select c.repository_id, 'github', 'cache-test-1', 'production', c.oid, ${'2026-05-20T10:00:00Z'}, ${'2026-05-20T10:00:00Z'},
      '[]', 'SUCCESS', ${'2026-05-20T10:00:00Z'}
    from commits c join service_repositories sr on sr.repository_id = c.repository_id join services s on s.id = sr.service_id
    where s.slug = ${SERVICE} and c.committed_at < ${'2026-05-20T09:00:00Z'}
    order by c.committed_at desc limit 1`.execute(t.db);
}

describe('figures cached by generation', () => {
  it('reuses an answer while the generation stands, and never after a derivation changed the figures', async () => {
    const query = `service=${SERVICE}&${WINDOW}`;
    const first = await dora(query);
    expect(first.status).toBe(200);
    const before = await first.json();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const hits = await lookups('hit');
    const again = await dora(query);
    expect(await again.json()).toEqual(before);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await lookups('hit')).toBe(hits + 1);

    // New data collected: nothing derived yet, so the figures (and the answer) are still the last derivation's.
    const generation = await readFigureGeneration(t.db);
    await collectOneMoreDeployment();
    expect(await readFigureGeneration(t.db)).toBe(generation);
    expect((await (await dora(query)).json()).deploymentFrequency.deployments).toBe(
      before.deploymentFrequency.deployments,
    );

    await deriveDelivery(t.db, loadConfig().config);
    expect(await readFigureGeneration(t.db)).toBeGreaterThan(generation);
    const after = await dora(query);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect((await after.json()).deploymentFrequency.deployments).toBe(before.deploymentFrequency.deployments + 1);
    // The organisation's figures (from its rollups) moved with it.
    const organisation = await (await dora(WINDOW)).json();
    expect(organisation.deploymentFrequency.deployments).toBeGreaterThan(0);
  });

  it('answers If-None-Match with 304 while the answer stands, and with the answer once it changed', async () => {
    const query = `team=payments&${WINDOW}`;
    const first = await dora(query);
    const etag = first.headers.get('etag')!;
    const misses = await lookups('miss');
    const unchanged = await dora(query, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await dora(query, { 'if-none-match': `"other", ${etag.replace(/^W\//, '')}` })).toHaveProperty(
      'status',
      304,
    );
    expect(await lookups('miss')).toBe(misses);
    // Another window is another answer.
    const other = await dora(`team=payments&from=2026-02-01&to=2026-05-31`, { 'if-none-match': etag });
    expect(other.status).toBe(200);

    // A correction made in the API moves the generation at once (its count is part of the report).
    await sql`insert into incident_overrides (source, external_id, action, reason, created_by, created_at)
      select source, external_id, 'not_caused_by_change', 'test', 'test', now() from incidents limit 1`.execute(t.db);
    const changed = await dora(query, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('gives badges a short max-age and an ETag, and 304 for the same badge', async () => {
    const first = await badge();
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    expect(first.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await first.text();
    expect(svg).toContain('<svg');
    const etag = first.headers.get('etag')!;
    const again = await badge({ 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=60');
    expect(await (await badge()).text()).toBe(svg);
  });
});
