import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DAY_MS } from '../lib/clock';
import { dumpGithubTables, runGithubSource } from '../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../tests/fakes/github/org';
import { FAULT_KINDS as GITHUB_FAULT_KINDS, startFakeGithub } from '../tests/fakes/github/server';
import { generateAccount } from '../tests/fakes/pagerduty/account';
import { runPagerdutySource, snapshotPagerduty } from '../tests/fakes/pagerduty/harness';
import { FAULT_KINDS as PAGERDUTY_FAULT_KINDS, startFakePagerduty } from '../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { requestSyncRun } from '../db/writes/sync-runs';
import { parseConfigText } from '../lib/config';
import { createLogger } from '../lib/logger';
import { FAKE_GITHUB_TOKEN } from '../tests/fakes/github/server';
import { runSync } from '../worker/run-sync';
import { waitForRun } from '../worker/wait-for-run';
import { startWorker } from '../worker/worker';
import { createGithubSource } from './github/source';
import { MAX_WAIT_MS } from './http';
import { createPagerdutySource } from './pagerduty/source';

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

  it(
    'the deployed pipeline: two workers take one run from the queue through the same faults, and it succeeds with the fault-free database',
    { timeout: 180_000 },
    async () => {
      process.env.PAVED_NOW = NOW.toISOString();
      onTestFinished(() => void delete process.env.PAVED_NOW);
      const org = generateFakeOrganisation({ repositories: 8, days: 200, end: NOW, seed: 33 });
      const account = generateAccount({
        seed: 9,
        services: 3,
        incidents: 200,
        from: new Date(NOW.getTime() - 150 * DAY_MS),
        to: NOW,
      });
      const pd = { token: 'pd-pipeline-token-0123456789', account, now: NOW, legacy: true };
      const fakes = {
        clean: { github: await startFakeGithub(org, { now: () => NOW }), pagerduty: await startFakePagerduty(pd) },
        faulty: {
          github: await startFakeGithub(org, { now: () => NOW, randomFaults: { ...FAULTS, seed: 3 } }),
          pagerduty: await startFakePagerduty({ ...pd, randomFaults: { ...FAULTS, seed: 4 } }),
        },
      };
      onTestFinished(async () => {
        for (const f of Object.values(fakes)) await Promise.all([f.github.close(), f.pagerduty.close()]);
      });
      const configFor = (f: (typeof fakes)['clean']) =>
        parseConfigText(
          [
            `github: { apiUrl: "${f.github.url}", token: ${FAKE_GITHUB_TOKEN}, organizations: [${org.login}], backfillDays: 200 }`,
            `pagerduty: { apiUrl: "${f.pagerduty.url}", token: ${pd.token}, backfillDays: 150 }`,
          ].join('\n'),
          'pipeline.yaml',
          {},
        );
      // Cursors name the fake's URL, which differs by port.
      const snapshot = async (db: TestDatabase['db'], f: (typeof fakes)['clean']) => {
        const text = JSON.stringify({ github: await dumpGithubTables(db), pagerduty: await snapshotPagerduty(db) });
        return JSON.parse(text.replaceAll(f.pagerduty.url, 'http://fake').replaceAll(f.github.url, 'http://fake'));
      };
      const quiet = createLogger('test', () => {});
      const reference = await database();
      const clean = await runSync({
        db: reference.db,
        url: reference.url,
        loaded: configFor(fakes.clean),
        trigger: 'cli',
        log: quiet,
      });
      expect(clean.errors).toEqual([]);

      const t = await database();
      const loaded = configFor(fakes.faulty);
      // The clients' own options, as the faults need them: a short timeout, and waits not really waited.
      const sources = [
        createGithubSource({ sleep: async () => {}, timeoutMs: TIMEOUT_MS }),
        createPagerdutySource({ sleep: async () => {}, timeoutMs: TIMEOUT_MS }),
      ];
      const workers = await Promise.all(
        [1, 2].map(() =>
          startWorker({ db: t.db, url: t.url, loadConfig: () => loaded, sources, log: quiet, schedule: false }),
        ),
      );
      onTestFinished(async () => {
        for (const w of workers) await w.stop({ graceMs: 1000 });
      });
      const { runId } = await requestSyncRun(t.db, workers[0]!.boss, { trigger: 'api' });
      const run = await waitForRun(t.db, runId, { timeoutMs: 150_000 });
      const served = { ...fakes.faulty.github.faultsServed, ...fakes.faulty.pagerduty.faultsServed };
      console.log(`[pipeline] faults: ${JSON.stringify(served)}`);
      expect(Object.values(served).reduce((n, c) => n + c, 0)).toBeGreaterThan(5);
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(await snapshot(t.db, fakes.faulty)).toEqual(await snapshot(reference.db, fakes.clean));
      const parts = await t.db.selectFrom('sync_run_parts').select(['worker']).where('run_id', '=', runId).execute();
      expect(parts.length).toBe(org.repositories.filter((r) => !r.isArchived).length + 3);
    },
  );
});
