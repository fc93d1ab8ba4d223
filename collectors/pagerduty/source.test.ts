import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyCatalog } from '../../db/catalog';
import { DAY_MS } from '../../lib/clock';
import { configSchema } from '../../lib/config-schema';
import {
  acknowledge,
  annotate,
  generateAccount,
  newIncident,
  resolve,
  type FakeAccount,
} from '../../tests/fakes/pagerduty/account';
import { runPagerdutySource, snapshotPagerduty } from '../../tests/fakes/pagerduty/harness';
import { startFakePagerduty, type FakePagerduty } from '../../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { createPagerdutyClient } from './client';
import { INCIDENTS_STREAM, type IncidentsCursor } from './streams/incidents';

const NOW = new Date('2026-06-01T00:00:00Z');
const TOKEN = 'pd-test-token-0123456789';
const daysAgo = (d: number, at = NOW) => new Date(at.getTime() - d * DAY_MS);

describe('PagerDuty source against a fake REST v2', () => {
  let t: TestDatabase;
  let fake: FakePagerduty;
  let account: FakeAccount;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());
  beforeEach(async () => {
    await t.db.deleteFrom('incidents').execute();
    await t.db.deleteFrom('pagerduty_services').execute();
    await t.db.deleteFrom('sync_state').execute();
    account = generateAccount({ seed: 7, services: 4, incidents: 400, from: daysAgo(200), to: NOW });
    fake = await startFakePagerduty({ token: TOKEN, account, now: NOW });
  });
  afterEach(() => fake.close());

  const count = (sql: 'incidents' | 'pagerduty_services') =>
    t.db
      .selectFrom(sql)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  const inBackfill = (a: FakeAccount, days = 180, at = NOW) =>
    a.incidents.filter((i) => i.createdAt >= daysAgo(days, at) || i.status !== 'resolved');

  it('collects every service and every incident of the backfill window, with their times', async () => {
    const run = await runPagerdutySource(t.db, fake, { now: NOW });
    expect(await count('pagerduty_services')).toBe(4);
    const expected = inBackfill(account);
    expect(await count('incidents')).toBe(expected.length);
    expect(expected.length).toBeLessThan(400); // the 20 days before the backfill are left out
    // Every service's incident history starts where the backfill did.
    const starts = await t.db.selectFrom('pagerduty_services').select('history_from').execute();
    expect(starts.map((s) => s.history_from)).toEqual(starts.map(() => daysAgo(180)));
    const rows = await t.db.selectFrom('incidents').selectAll().execute();
    const byId = new Map(rows.map((r) => [r.external_id, r]));
    for (const incident of expected) {
      const row = byId.get(incident.id)!;
      expect(row.status).toBe(incident.status);
      expect(row.resolved_at).toEqual(incident.resolvedAt);
      expect(row.pagerduty_service_id).toBe(incident.serviceId);
      expect(row.priority).toBe(incident.priority?.name ?? null);
      if (incident.status === 'acknowledged') expect(row.acknowledged_at).toEqual(incident.acknowledgements[0]);
    }
    const service = await t.db
      .selectFrom('pagerduty_services')
      .selectAll()
      .where('id', '=', 'PSVC001')
      .executeTakeFirstOrThrow();
    expect(service).toMatchObject({
      name: 'Service 1',
      status: 'active',
      escalation_policy_id: 'PEP0',
      escalation_policy_name: 'Policy 0',
      teams: [{ id: 'PTEAM0', name: 'Team 0' }],
    });
    expect(run.reports.incidents!.rows).toBeGreaterThanOrEqual(expected.length);
    expect(run.reports.services).toEqual({ rows: 4, restCalls: 1 });
    expect(run.reports.services!.restCalls! + run.reports.incidents!.restCalls!).toBe(run.requests);
    // Modern payloads carry resolved_at: no log entries are needed.
    expect(fake.count((u) => u.pathname.endsWith('/log_entries'))).toBe(0);
    const cursor = (await t.db.selectFrom('sync_state').select('cursor').executeTakeFirstOrThrow())
      .cursor as IncidentsCursor;
    expect(cursor).toMatchObject({ syncedUntil: '2026-06-01T00:00:00Z', pass: null });
  });

  it('sends the auth and version headers, UTC windows of at most 6 months, and never passes the offset cap', async () => {
    await runPagerdutySource(t.db, fake, { now: NOW, pagerduty: { backfillDays: 400 } });
    const lists = fake.requests.filter((u) => u.pathname === '/incidents');
    for (const u of lists) {
      expect(Number(u.searchParams.get('limit'))).toBe(100);
      expect(Number(u.searchParams.get('offset')) + 100).toBeLessThanOrEqual(10_000);
      if (u.searchParams.get('date_range') === 'all') continue;
      expect(u.searchParams.get('time_zone')).toBe('UTC');
      const span = Date.parse(u.searchParams.get('until')!) - Date.parse(u.searchParams.get('since')!);
      expect(span).toBeLessThanOrEqual(180 * DAY_MS);
    }
    expect(await count('incidents')).toBe(400);
  });

  it('takes resolve times from log entries when payloads lack resolved_at, once, never from last_status_change_at', async () => {
    fake.options.legacy = true;
    // A note after resolution moves updated_at; the resolve entry is what counts.
    const target = account.incidents.find((i) => i.status === 'resolved' && i.createdAt > daysAgo(100))!;
    annotate(target, new Date(target.resolvedAt!.getTime() + 3_600_000));
    target.lastStatusChangeAt = new Date(target.resolvedAt!.getTime() + 7_200_000);
    await runPagerdutySource(t.db, fake, { now: NOW });
    const resolvedInWindow = inBackfill(account).filter((i) => i.status === 'resolved').length;
    expect(fake.count((u) => u.pathname.endsWith('/log_entries'))).toBe(resolvedInWindow);
    const row = await t.db
      .selectFrom('incidents')
      .selectAll()
      .where('external_id', '=', target.id)
      .executeTakeFirstOrThrow();
    expect(row.resolved_at).toEqual(target.resolvedAt);
    expect(row.last_status_change_at).toEqual(target.lastStatusChangeAt);
    // Acknowledgements are cleared on resolve; the log entries still show the first one.
    const acked = target.log.find((e) => e.type === 'acknowledge_log_entry');
    expect(row.acknowledged_at).toEqual(acked?.at ?? null);
    const before = fake.requests.length;
    await runPagerdutySource(t.db, fake, { now: NOW });
    expect(fake.requests.slice(before).filter((u) => u.pathname.endsWith('/log_entries'))).toHaveLength(0);
  });

  it('resyncs incrementally: the moving window, late resolutions of old open incidents, and new incidents', async () => {
    const oldOpen = newIncident({
      id: 'QOLDOPEN',
      number: 9001,
      serviceId: 'PSVC002',
      createdAt: daysAgo(60),
      title: 'Old and open',
    });
    acknowledge(oldOpen, daysAgo(59));
    account.incidents.push(oldOpen);
    await runPagerdutySource(t.db, fake, { now: NOW });
    const firstCount = await count('incidents');

    const later = new Date(NOW.getTime() + DAY_MS);
    fake.options.now = later;
    resolve(oldOpen, new Date(NOW.getTime() + 3_600_000));
    const recentOpen = account.incidents.find((i) => i.status !== 'resolved' && i.id !== oldOpen.id)!;
    resolve(recentOpen, new Date(NOW.getTime() + 7_200_000));
    const fresh = newIncident({
      id: 'QNEW0001',
      number: 9002,
      serviceId: 'PSVC001',
      createdAt: new Date(NOW.getTime() + 600_000),
    });
    account.incidents.push(fresh);
    const before = fake.requests.length;
    const run = await runPagerdutySource(t.db, fake, { now: later });
    const used = fake.requests.slice(before);

    expect(await count('incidents')).toBe(firstCount + 1);
    const rows = new Map((await t.db.selectFrom('incidents').selectAll().execute()).map((r) => [r.external_id, r]));
    expect(rows.get(oldOpen.id)).toMatchObject({
      status: 'resolved',
      resolved_at: oldOpen.resolvedAt,
      acknowledged_at: daysAgo(59),
    });
    expect(rows.get(recentOpen.id)).toMatchObject({ status: 'resolved', resolved_at: recentOpen.resolvedAt });
    expect(rows.get(fresh.id)).toMatchObject({ status: 'triggered', resolved_at: null });
    // Only the window since the cursor (less the margin) is listed again, plus one GET for the old open incident.
    const windows = used.filter((u) => u.pathname === '/incidents' && u.searchParams.has('since'));
    expect(Math.min(...windows.map((u) => Date.parse(u.searchParams.get('since')!)))).toBe(NOW.getTime() - 7 * DAY_MS);
    expect(used.filter((u) => u.pathname === `/incidents/${oldOpen.id}`)).toHaveLength(1);
    expect(run.requests).toBeLessThan(10);
  });

  it('catches up after a long pause in windows of at most 180 days', async () => {
    const then = daysAgo(190);
    fake.options.now = then;
    await runPagerdutySource(t.db, fake, { now: then, pagerduty: { backfillDays: 5 } });
    fake.options.now = NOW;
    const before = fake.requests.length;
    await runPagerdutySource(t.db, fake, { now: NOW, pagerduty: { backfillDays: 5 } });
    const windows = fake.requests.slice(before).filter((u) => u.searchParams.has('since'));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    for (const u of windows)
      expect(Date.parse(u.searchParams.get('until')!) - Date.parse(u.searchParams.get('since')!)).toBeLessThanOrEqual(
        180 * DAY_MS,
      );
    expect(Math.min(...windows.map((u) => Date.parse(u.searchParams.get('since')!)))).toBe(then.getTime() - 7 * DAY_MS);
    const expected = account.incidents.filter((i) => i.createdAt >= daysAgo(7, then) || i.status !== 'resolved');
    expect(await count('incidents')).toBe(expected.length);
  });

  it('with ctx.full ignores the cursor and re-reads the whole backfill window', async () => {
    await runPagerdutySource(t.db, fake, { now: NOW });
    const incremental = await runPagerdutySource(t.db, fake, { now: NOW });
    const full = await runPagerdutySource(t.db, fake, { now: NOW, full: true });
    const sinces = fake.requests
      .slice(-full.requests)
      .filter((u) => u.searchParams.has('since'))
      .map((u) => Date.parse(u.searchParams.get('since')!));
    expect(Math.min(...sinces)).toBe(daysAgo(180).getTime());
    expect(full.requests).toBeGreaterThan(incremental.requests);
  });

  it('collects only pagerduty.serviceIds when given, and starts over when the selection changes', async () => {
    await runPagerdutySource(t.db, fake, { now: NOW, pagerduty: { serviceIds: ['PSVC003', 'PSVC999'] } });
    expect((await t.db.selectFrom('pagerduty_services').select('id').execute()).map((r) => r.id)).toEqual(['PSVC003']);
    const services = await t.db.selectFrom('incidents').select('pagerduty_service_id').distinct().execute();
    expect(services.map((s) => s.pagerduty_service_id)).toEqual(['PSVC003']);
    expect(
      fake.requests
        .filter((u) => u.pathname === '/incidents')
        .every((u) => u.searchParams.getAll('service_ids[]').join() === 'PSVC003,PSVC999'),
    ).toBe(true);
    await runPagerdutySource(t.db, fake, { now: NOW });
    expect(await count('incidents')).toBe(inBackfill(account).length);
  });

  it('stores incidents of unclaimed services too; the catalog links the claimed ones', async () => {
    await runPagerdutySource(t.db, fake, { now: NOW });
    await applyCatalog(
      t.db,
      configSchema.parse({ catalog: { services: [{ slug: 'checkout', pagerdutyServiceIds: ['PSVC001'] }] } }),
    );
    const linked = await t.db
      .selectFrom('incidents')
      .innerJoin('service_pagerduty_services as sps', 'sps.pagerduty_service_id', 'incidents.pagerduty_service_id')
      .innerJoin('services', 'services.id', 'sps.service_id')
      .select((eb) => ['services.slug', eb.fn.countAll<number>().as('n')])
      .groupBy('services.slug')
      .execute();
    const claimed = inBackfill(account).filter((i) => i.serviceId === 'PSVC001').length;
    expect(linked).toEqual([{ slug: 'checkout', n: claimed }]);
    expect(await count('incidents')).toBe(inBackfill(account).length);
    expect(claimed).toBeLessThan(inBackfill(account).length);
  });

  it('fails on a bad token with a clear error, writes nothing and never prints the token', async () => {
    const wrong = 'pd-wrong-token-9876543210';
    const error = await runPagerdutySource(t.db, fake, { now: NOW, pagerduty: { token: wrong } }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain('PagerDuty rejected the token (401) on GET /services: check pagerduty.token');
    expect(String(error)).not.toContain(wrong);
    expect(await count('incidents')).toBe(0);
    expect(await t.db.selectFrom('sync_state').selectAll().execute()).toEqual([]);
  });

  it('backs off on 429 for as long as ratelimit-reset says, then completes', async () => {
    fake.options.rateLimit = (n) => n % 3 === 0;
    fake.options.rateLimitResetSeconds = 7;
    const run = await runPagerdutySource(t.db, fake, { now: NOW });
    expect(run.sleeps.length).toBeGreaterThan(0);
    expect(run.sleeps.every((ms) => ms === 7_000)).toBe(true);
    expect(await count('incidents')).toBe(inBackfill(account).length);
    expect(run.reports.services!.restCalls! + run.reports.incidents!.restCalls!).toBe(run.requests);
  });

  it('a malformed page fails naming endpoint and field, commits nothing of it and keeps the cursor', async () => {
    let listPages = 0;
    fake.options.transform = (path, body) => {
      if (path !== '/incidents' || ++listPages !== 3) return body;
      const incidents = body.incidents as Record<string, unknown>[];
      incidents[5] = { ...incidents[5], created_at: 'yesterday' };
      return body;
    };
    const error = await runPagerdutySource(t.db, fake, { now: NOW }).catch((e: Error) => e);
    expect(String(error)).toContain('unexpected PagerDuty response from GET /incidents: field incidents.5.created_at');
    expect(await count('incidents')).toBe(200);
    const cursor = (await t.db.selectFrom('sync_state').select('cursor').executeTakeFirstOrThrow())
      .cursor as IncidentsCursor;
    expect(cursor.syncedUntil).toBeNull();
    expect(cursor.pass).toMatchObject({ offset: 200 });
    const state = await t.db.selectFrom('sync_state').select('last_error').executeTakeFirstOrThrow();
    expect(state.last_error).toContain('incidents.5.created_at');

    fake.options.transform = undefined;
    await runPagerdutySource(t.db, fake, { now: NOW });
    const resumed = await snapshotPagerduty(t.db);
    await t.db.deleteFrom('incidents').execute();
    await t.db.deleteFrom('sync_state').execute();
    await runPagerdutySource(t.db, fake, { now: NOW });
    expect(resumed).toEqual(await snapshotPagerduty(t.db));
  });

  it('the fake answers like PagerDuty past the offset cap and for spans over 6 months', async () => {
    const client = createPagerdutyClient({ apiUrl: fake.url, token: TOKEN });
    await expect(client.get('/incidents', { date_range: 'all', offset: 9_950, limit: 100 })).rejects.toThrow(
      /GET \/incidents answered HTTP 400: Arguments Caused Error \(Offset\+limit exceeds maximum allowed value of 10000\..*\) \[code 2002\]/,
    );
    await expect(
      client.get('/incidents', { since: '2025-01-01T00:00:00Z', until: '2025-08-01T00:00:00Z' }),
    ).rejects.toThrow(/HTTP 400: Invalid Input Provided/);
    const defaultRange = (await client.get('/incidents', { limit: 100, total: true })) as { total: number };
    expect(defaultRange.total).toBe(account.incidents.filter((i) => i.createdAt >= daysAgo(31)).length);
    expect(INCIDENTS_STREAM.stream).toBe('incidents');
  });
});
