import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DAY_MS } from '../lib/clock';
import { dumpGithubTables, runGithubSource } from '../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../tests/fakes/github/org';
import { FAULT_KINDS as GITHUB_FAULT_KINDS, startFakeGithub } from '../tests/fakes/github/server';
import { generateAccount } from '../tests/fakes/pagerduty/account';
import { runPagerdutySource, snapshotPagerduty } from '../tests/fakes/pagerduty/harness';
import { FAULT_KINDS as PAGERDUTY_FAULT_KINDS, startFakePagerduty } from '../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { MAX_WAIT_MS } from './http';

const NOW = new Date('2026-11-20T12:00:00Z');
/** Short, so the slow faults (900 ms late) run into it; a fault-free answer from the fakes takes a few ms. */
const TIMEOUT_MS = 300;
const FAULTS = { rate: 0.05, slowMs: 900 };

/**
 * A whole sync against fakes that spoil about 5% of requests, with every kind of fault
 * the clients meet in the wild: 5xx, 429, secondary limits, RATE_LIMITED, GraphQL's
 * "something went wrong", late answers, bodies cut off and connections reset. The sync must
 * succeed and store exactly what a fault-free sync stores.
 */
describe('a sync through randomly injected faults', () => {
  const databases: TestDatabase[] = [];
  const database = async () => {
    const t = await createTestDatabase();
    databases.push(t);
    return t;
  };
  beforeAll(() => {
    // Fault draws follow request order; the order is the collectors', which is sequential.
    expect(FAULTS.slowMs).toBeGreaterThan(TIMEOUT_MS);
  });
  afterAll(async () => {
    for (const t of databases) await t.drop();
  });

  // Two syncs of a year of history for a dozen repositories: longer than the default timeout on a busy machine.
  it('GitHub: no error, and the database of a fault-free run', { timeout: 120_000 }, async () => {
    const org = generateFakeOrganisation({ repositories: 12, days: 400, end: NOW, seed: 21 });
    const options = { now: () => NOW, pointsPerHour: 10_000_000 };
    const clean = await startFakeGithub(org, options);
    onTestFinished(() => clean.close());
    const faulty = await startFakeGithub(org, { ...options, randomFaults: { ...FAULTS, seed: 7 } });
    onTestFinished(() => faulty.close());

    const reference = await database();
    // Over a year of history, so the backfill spans a few hundred requests.
    const github = { backfillDays: 400 };
    expect((await runGithubSource(reference.db, clean, { now: NOW, github })).error).toBeNull();
    const t = await database();
    const run = await runGithubSource(t.db, faulty, { now: NOW, github, timeoutMs: TIMEOUT_MS });
    console.log(
      `[github] ${faulty.stats.graphqlRequests} GraphQL requests and ${faulty.stats.restCalls} REST calls; faults: ${JSON.stringify(faulty.faultsServed)}`,
    );

    expect(run.error).toBeNull();
    expect(await dumpGithubTables(t.db)).toEqual(await dumpGithubTables(reference.db));
    expect(Math.max(...run.sleeps)).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(
      Object.keys(faulty.faultsServed)
        .filter((k) => k.startsWith('graphql '))
        .sort(),
    ).toEqual(GITHUB_FAULT_KINDS.graphql.map((k) => `graphql ${k}`).sort());
    expect(Object.keys(faulty.faultsServed).some((k) => k.startsWith('rest '))).toBe(true);
    // Each kind was recognised for what it is (the client logs why it waits).
    const waits = run.logs.filter((line) => line.includes('waiting'));
    for (const reason of [
      'HTTP 502',
      'secondary rate limit (HTTP 403, retry-after 7)',
      'secondary rate limit (HTTP 429, retry-after 3)',
      'RATE_LIMITED',
      'something went wrong',
      `no answer within ${TIMEOUT_MS / 1000} s`,
      'the response body was cut off',
      'connection lost (',
    ])
      expect(waits.some((line) => line.includes(reason))).toBe(true);
  });

  it('PagerDuty: no error, and the database of a fault-free run', async () => {
    const account = generateAccount({
      seed: 5,
      services: 4,
      incidents: 600,
      from: new Date(NOW.getTime() - 200 * DAY_MS),
      to: NOW,
    });
    // Legacy payloads need a log-entry request per resolved incident: a few hundred requests.
    const options = { token: 'pd-fault-token-0123456789', account, now: NOW, legacy: true, offsetCap: 300 };
    const clean = await startFakePagerduty(options);
    onTestFinished(() => clean.close());
    const faulty = await startFakePagerduty({ ...options, randomFaults: { ...FAULTS, seed: 11 } });
    onTestFinished(() => faulty.close());
    // Cursors name the fake's URL, which differs by port.
    const snapshot = async (db: TestDatabase['db'], url: string) =>
      JSON.parse(JSON.stringify(await snapshotPagerduty(db)).replaceAll(url, 'http://fake')) as unknown;

    const reference = await database();
    await runPagerdutySource(reference.db, clean, { now: NOW, offsetCap: 300 });
    const t = await database();
    const run = await runPagerdutySource(t.db, faulty, { now: NOW, offsetCap: 300, timeoutMs: TIMEOUT_MS });
    console.log(`[pagerduty] ${run.requests} requests; faults: ${JSON.stringify(faulty.faultsServed)}`);

    expect(await snapshot(t.db, faulty.url)).toEqual(await snapshot(reference.db, clean.url));
    expect(Math.max(...run.sleeps)).toBeLessThanOrEqual(MAX_WAIT_MS);
    expect(Object.keys(faulty.faultsServed).sort()).toEqual([...PAGERDUTY_FAULT_KINDS].sort());
    const waits = run.logs.filter((line) => line.includes('waiting'));
    for (const reason of [
      'HTTP 502',
      'HTTP 503',
      'rate limited (HTTP 429)',
      `no answer within ${TIMEOUT_MS / 1000} s`,
      'the response body was cut off',
      'connection lost (',
    ])
      expect(waits.some((line) => line.includes(reason))).toBe(true);
  });
});
