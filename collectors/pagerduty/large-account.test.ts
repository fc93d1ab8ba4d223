import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/clock';
import { generateAccount, type FakeAccount } from '../../tests/fakes/pagerduty/account';
import { runPagerdutySource } from '../../tests/fakes/pagerduty/harness';
import { startFakePagerduty, type FakePagerduty } from '../../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';

const NOW = new Date('2026-06-01T00:00:00Z');
const TOKEN = 'pd-large-token-0123456789';

// 25,000 incidents in a year: any 6-month window holds ~12,500, past the 10,000 offset cap,
// so only adaptive splitting collects them all.
describe('a 25,000-incident PagerDuty account', () => {
  let t: TestDatabase;
  let fake: FakePagerduty;
  let account: FakeAccount;
  beforeAll(async () => {
    t = await createTestDatabase();
    account = generateAccount({
      seed: 25,
      services: 12,
      incidents: 25_000,
      from: new Date(NOW.getTime() - 364 * DAY_MS),
      to: NOW,
      openShare: 0.6,
    });
    fake = await startFakePagerduty({ token: TOKEN, account, now: NOW });
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  const describeRequests = (urls: URL[]) => ({
    total: urls.length,
    services: urls.filter((u) => u.pathname === '/services').length,
    windowPages: urls.filter((u) => u.pathname === '/incidents' && u.searchParams.has('since')).length,
    openListPages: urls.filter((u) => u.pathname === '/incidents' && u.searchParams.get('date_range') === 'all').length,
    singleIncidents: urls.filter((u) => /^\/incidents\/[^/]+$/.test(u.pathname)).length,
    logEntries: urls.filter((u) => u.pathname.endsWith('/log_entries')).length,
  });

  it('is collected completely on the first sync, and a no-change resync costs a handful of requests', async () => {
    const first = await runPagerdutySource(t.db, fake, { now: NOW, pagerduty: { backfillDays: 365 } });
    const stored = await t.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(stored.n).toBe(25_000);
    const open = account.incidents.filter((i) => i.status !== 'resolved').length;
    const storedOpen = await t.db
      .selectFrom('incidents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '<>', 'resolved')
      .executeTakeFirstOrThrow();
    expect(storedOpen.n).toBe(open);
    const firstRequests = describeRequests(fake.requests.slice(0, first.requests));
    // 250 pages of 100 is the floor; splitting costs a few probes on top.
    expect(firstRequests.windowPages).toBeGreaterThanOrEqual(250);
    expect(firstRequests.total).toBeLessThan(300);

    const later = new Date(NOW.getTime() + 3_600_000);
    fake.options.now = later;
    const resync = await runPagerdutySource(t.db, fake, { now: later, pagerduty: { backfillDays: 365 } });
    const resyncRequests = describeRequests(fake.requests.slice(first.requests));
    expect(resyncRequests.singleIncidents).toBe(0);
    expect(resync.requests).toBeLessThan(15);
    console.log(
      `[pagerduty] 25,000-incident account (${open} open): first sync ${first.requests} requests ${JSON.stringify(firstRequests)}; ` +
        `no-change resync ${resync.requests} requests ${JSON.stringify(resyncRequests)}`,
    );
  }, 180_000);
});
