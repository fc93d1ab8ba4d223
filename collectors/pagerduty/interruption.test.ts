import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/clock';
import {
  acknowledge,
  generateAccount,
  newIncident,
  resolve,
  seededRandom,
  type FakeAccount,
} from '../../tests/fakes/pagerduty/account';
import { runPagerdutySource, snapshotPagerduty } from '../../tests/fakes/pagerduty/harness';
import { startFakePagerduty } from '../../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';

const NOW = new Date('2026-06-01T00:00:00Z');
const LATER = new Date(NOW.getTime() + DAY_MS);
const TOKEN = 'pd-crash-token-0123456789';
// A small offset cap makes this 1,000-incident account need window splitting, like a large one.
const OFFSET_CAP = 300;

/** Old payloads (no resolved_at), so log-entry requests sit between list pages and their writes. */
function makeAccount(): FakeAccount {
  const account = generateAccount({
    seed: 11,
    services: 3,
    incidents: 1_000,
    from: new Date(NOW.getTime() - 200 * DAY_MS),
    to: NOW,
  });
  const oldOpen = newIncident({
    id: 'QOLDOPEN',
    number: 5001,
    serviceId: 'PSVC001',
    createdAt: new Date(NOW.getTime() - 90 * DAY_MS),
  });
  acknowledge(oldOpen, new Date(NOW.getTime() - 89 * DAY_MS));
  account.incidents.push(oldOpen);
  return account;
}

/** What happens between the two syncs: old and recent open incidents resolve, new ones arrive. */
function changeAccount(account: FakeAccount): void {
  for (const incident of account.incidents.filter((i) => i.status !== 'resolved'))
    resolve(incident, new Date(NOW.getTime() + 3_600_000));
  for (let n = 0; n < 150; n++) {
    account.incidents.push(
      newIncident({
        id: `QNEW${String(n).padStart(4, '0')}`,
        number: 6000 + n,
        serviceId: 'PSVC002',
        createdAt: new Date(NOW.getTime() + (n + 1) * 60_000),
      }),
    );
  }
}

describe('interrupting PagerDuty syncs at random points', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  /**
   * Two syncs (first, then incremental after the account changed). The process "dies" at
   * each request number in `crashAt`, before the request or just after its answer arrived,
   * and the sync is simply run again, as the scheduler would.
   */
  async function syncTwice(crashAt: readonly { at: number; afterResponse: boolean }[]) {
    await t.db.deleteFrom('incidents').execute();
    await t.db.deleteFrom('pagerduty_services').execute();
    await t.db.deleteFrom('sync_state').execute();
    const account = makeAccount();
    const fake = await startFakePagerduty({ token: TOKEN, account, now: NOW, legacy: true, offsetCap: OFFSET_CAP });
    let calls = 0;
    let crashes = 0;
    // A dead process makes no more requests: once crashed, the run's retries fail too (uncounted).
    let dead = false;
    const crashed = () => new TypeError('fetch failed', { cause: { code: 'SIMULATED_CRASH' } });
    const crashing =
      (inner: typeof fetch): typeof fetch =>
      async (input, init) => {
        if (dead) throw crashed();
        const call = ++calls;
        const crash = crashAt.find((c) => c.at === call);
        dead = Boolean(crash);
        if (crash && !crash.afterResponse) throw crashed();
        const response = await inner(input, init);
        if (crash) throw crashed();
        return response;
      };
    try {
      for (const [now, change] of [
        [NOW, false],
        [LATER, true],
      ] as const) {
        if (change) changeAccount(account);
        fake.options.now = now;
        for (let attempt = 0; ; attempt++) {
          expect(attempt).toBeLessThan(crashAt.length + 1);
          dead = false;
          const ok = await runPagerdutySource(t.db, fake, { now, offsetCap: OFFSET_CAP, fetch: crashing }).then(
            () => true,
            (error: Error) => {
              expect(error.message).toContain('SIMULATED_CRASH');
              return false;
            },
          );
          if (ok) break;
          crashes++;
        }
      }
      // Each fake listens on its own port, which the cursor's selection names.
      const snapshot: unknown = JSON.parse(
        JSON.stringify(await snapshotPagerduty(t.db)).replaceAll(fake.url, 'http://fake'),
      );
      return { snapshot, calls, crashes };
    } finally {
      await fake.close();
    }
  }

  it('ends with the same database as an uninterrupted run', async () => {
    const clean = await syncTwice([]);
    const incidents = (clean.snapshot as { incidents: { status: string; resolved_at: string | null }[] }).incidents;
    expect(incidents.length).toBeGreaterThan(1_000);
    expect(incidents.filter((i) => i.status === 'resolved').every((i) => i.resolved_at !== null)).toBe(true);

    const random = seededRandom(2026);
    for (const round of [1, 2]) {
      // 12 distinct request numbers spread over the whole two-sync run.
      const points = new Set<number>();
      while (points.size < 12) points.add(1 + Math.floor(random() * clean.calls));
      const crashAt = [...points].sort((a, b) => a - b).map((at) => ({ at, afterResponse: random() < 0.5 }));
      const interrupted = await syncTwice(crashAt);
      expect(interrupted.crashes).toBe(12);
      expect(interrupted.snapshot).toEqual(clean.snapshot);
      console.log(
        `[pagerduty] interruption round ${round}: crashed at requests ${crashAt.map((c) => c.at + (c.afterResponse ? '+' : '')).join(', ')} of ${clean.calls}; ${interrupted.calls} requests in all`,
      );
    }
  }, 180_000);
});
