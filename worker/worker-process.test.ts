import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../collectors/demo/random';
import { createDb, type Db } from '../db/database';
import { freePort, startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { openQueue, type PgBoss } from '../db/queue';
import { requestSyncRun } from '../db/writes/sync-runs';
import { loadConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { getRunProgress } from '../metrics/sync-status';
import { dumpGithubTables } from '../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../tests/fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../tests/fakes/github/server';
import { generateAccount } from '../tests/fakes/pagerduty/account';
import { snapshotPagerduty } from '../tests/fakes/pagerduty/harness';
import { startFakePagerduty, type FakePagerduty } from '../tests/fakes/pagerduty/server';
import { startLatencyProxy, type InjectedAnswer } from '../tests/helpers/latency-proxy';
import { createTestDatabase } from '../tests/helpers/test-db';
import { startWorkerProcess, type WorkerProcess } from '../tests/helpers/worker-process';
import { runSync } from './run-sync';
import { waitForRun } from './wait-for-run';

/**
 * The worker as it is deployed: a real process (`npm run worker`) on a real database, syncing
 * local fakes of GitHub and PagerDuty over HTTP, killed, stopped and cut off from PostgreSQL.
 */
const NOW = new Date('2026-11-20T12:00:00Z');
const PD_TOKEN = 'pd-process-token';
const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function snapshot(db: Db) {
  return { github: await dumpGithubTables(db), pagerduty: await snapshotPagerduty(db) };
}

async function activeRuns(db: Db) {
  return db
    .selectFrom('sync_runs')
    .select(['id', 'status'])
    .where('status', 'in', ['queued', 'running', 'deriving'])
    .execute();
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('the worker process', () => {
  let github: FakeGithub;
  let pagerduty: FakePagerduty;
  const closers: (() => Promise<void>)[] = [];
  let dir: string;
  let configFile: string;
  let reference: Awaited<ReturnType<typeof snapshot>>;
  const processes: WorkerProcess[] = [];
  const worker = (env: Record<string, string>) => {
    const w = startWorkerProcess({ PAVED_NOW: NOW.toISOString(), PAVED_CONFIG: configFile, ...env });
    processes.push(w);
    return w;
  };

  beforeAll(async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    github = await startFakeGithub(generateFakeOrganisation({ repositories: 6, days: 60, end: NOW, seed: 21 }), {
      now: () => NOW,
    });
    const account = generateAccount({
      seed: 5,
      services: 3,
      incidents: 120,
      from: new Date(NOW.getTime() - 90 * DAY),
      to: NOW,
    });
    pagerduty = await startFakePagerduty({ token: PD_TOKEN, account, now: NOW });
    const githubProxy = await startLatencyProxy(github.url, 40);
    const pagerdutyProxy = await startLatencyProxy(pagerduty.url, 40);
    closers.push(githubProxy.close, pagerdutyProxy.close, github.close, pagerduty.close);
    dir = mkdtempSync(path.join(os.tmpdir(), 'paved-worker-'));
    configFile = path.join(dir, 'paved.config.yaml');
    writeFileSync(
      configFile,
      [
        'github:',
        `  apiUrl: ${githubProxy.url}`,
        `  token: ${FAKE_GITHUB_TOKEN}`,
        `  organizations: [${github.org.login}]`,
        '  backfillDays: 120',
        'pagerduty:',
        `  apiUrl: ${pagerdutyProxy.url}`,
        `  token: ${PD_TOKEN}`,
        '  backfillDays: 120',
        'schedule:',
        '  enabled: false',
        '',
      ].join('\n'),
    );
    // What one clean run stores: every test below must end with exactly this.
    const clean = await createTestDatabase();
    const result = await runSync({
      db: clean.db,
      url: clean.url,
      loaded: loadConfig({ PAVED_CONFIG: configFile }),
      trigger: 'cli',
      log: createLogger('test', () => {}),
    });
    expect(result.errors).toEqual([]);
    reference = await snapshot(clean.db);
    expect((reference.github.commits as unknown[]).length).toBeGreaterThan(100);
    await clean.drop();
  });

  afterAll(async () => {
    delete process.env.PAVED_NOW;
    for (const p of processes) p.child.kill('SIGKILL');
    for (const close of closers) await close();
  });

  it('survives 20 SIGKILLs at random points: a final run equals a clean run, no row lost or duplicated', async () => {
    const t = await createTestDatabase();
    const client = await openQueue(t.url, { role: 'client' });
    const random = createRandom(12);
    try {
      for (let kill = 0; kill < 20; kill++) {
        const w = worker({ DATABASE_URL: t.url });
        await w.ready;
        if ((await activeRuns(t.db)).length === 0) await requestSyncRun(t.db, client, { trigger: 'api' });
        await sleep(random.int(50, 2050));
        w.child.kill('SIGKILL');
        await w.exited;
      }
      const last = worker({ DATABASE_URL: t.url });
      await last.ready;
      // Jobs the killed workers held come back once their heartbeat lapses (10 s here).
      await waitUntil(async () => (await activeRuns(t.db)).length === 0, 120_000, 'the interrupted runs to settle');
      const final = await requestSyncRun(t.db, client, { trigger: 'api' });
      const run = await waitForRun(t.db, final.runId, { timeoutMs: 60_000 });
      expect(run.errors).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(await snapshot(t.db)).toEqual(reference);
      last.child.kill('SIGTERM');
      expect((await last.exited).code).toBe(0);
    } finally {
      await client.stop({ close: true });
      await t.drop();
    }
  }, 400_000);

  it('on SIGTERM mid-sync it finishes the page in flight, leaves no run running and exits 0; the next run completes', async () => {
    const t = await createTestDatabase();
    const client = await openQueue(t.url, { role: 'client' });
    try {
      const w = worker({ DATABASE_URL: t.url });
      await w.ready;
      const { runId } = await requestSyncRun(t.db, client, { trigger: 'api' });
      await waitUntil(
        async () => ((await getRunProgress(t.db, runId))?.repositories.done ?? 0) >= 1,
        30_000,
        'a repository to finish',
      );
      const signalled = Date.now();
      w.child.kill('SIGTERM');
      const exit = await w.exited;
      expect(exit.code).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(14_000);
      expect(await activeRuns(t.db)).toEqual([]);
      const interrupted = await waitForRun(t.db, runId, { timeoutMs: 1000 });
      expect(interrupted).toMatchObject({ status: 'failed', errors: [expect.stringMatching(/interrupted/)] });

      const next = worker({ DATABASE_URL: t.url });
      await next.ready;
      const again = await requestSyncRun(t.db, client, { trigger: 'api' });
      expect((await waitForRun(t.db, again.runId, { timeoutMs: 60_000 })).status).toBe('succeeded');
      expect(await snapshot(t.db)).toEqual(reference);
      next.child.kill('SIGTERM');
      expect((await next.exited).code).toBe(0);
    } finally {
      await client.stop({ close: true });
      await t.drop();
    }
  }, 120_000);

  it('when PostgreSQL restarts mid-sync, that run ends (failed or complete, never stuck) and the next succeeds', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'paved-restart-'));
    const port = await freePort();
    let server = await startEmbeddedPostgres(root, { port });
    const db = createDb(server.url, { max: 3 });
    let client: PgBoss | null = null;
    try {
      await migrateToLatest(db);
      client = await openQueue(server.url, { role: 'client' });
      const w = worker({ DATABASE_URL: server.url });
      await w.ready;
      const { runId } = await requestSyncRun(db, client, { trigger: 'api' });
      await waitUntil(
        async () => ((await getRunProgress(db, runId))?.current.length ?? 0) > 0,
        30_000,
        'a part to be collecting',
      );
      await server.stop();
      await sleep(1500);
      server = await startEmbeddedPostgres(root, { port });
      const ended = await waitForRun(db, runId, { timeoutMs: 90_000 });
      expect(['failed', 'succeeded']).toContain(ended.status);
      expect(w.child.exitCode).toBeNull(); // the worker rode it out
      const next = await requestSyncRun(db, client, { trigger: 'api' });
      expect((await waitForRun(db, next.runId, { timeoutMs: 90_000 })).status).toBe('succeeded');
      expect(await snapshot(db)).toEqual(reference);
      expect(w.output()).not.toMatch(/uncaught|unhandled/i);
      w.child.kill('SIGTERM');
      expect((await w.exited).code).toBe(0);
    } finally {
      await client?.stop({ close: true }).catch(() => undefined);
      await db.destroy();
      await server.stop();
    }
  }, 240_000);

  it('PagerDuty answering 429, then 5xx, then 401 on scheduled runs: each run ends cleanly and the next proceeds', async () => {
    const t = await createTestDatabase();
    let fault: { answer: InjectedAnswer; times: number } | null = null;
    const proxy = await startLatencyProxy(pagerduty.url, 5, () => {
      if (!fault || fault.times === 0) return null;
      fault.times -= 1;
      return fault.answer;
    });
    const file = path.join(dir, 'pagerduty-only.yaml');
    writeFileSync(
      file,
      `pagerduty:\n  apiUrl: ${proxy.url}\n  token: ${PD_TOKEN}\n  backfillDays: 120\nschedule:\n  sync: "*/2 * * * * *"\n`,
    );
    const w = worker({ DATABASE_URL: t.url, PAVED_CONFIG: file });
    const finishedRuns = async () =>
      t.db
        .selectFrom('sync_runs')
        .select(['id', 'status', 'error'])
        .where('status', 'in', ['succeeded', 'failed'])
        .orderBy('id')
        .execute();
    const newestRun = async () =>
      (
        await t.db
          .selectFrom('sync_runs')
          .select((eb) => eb.fn.max('id').as('id'))
          .executeTakeFirst()
      )?.id ?? 0;
    const ended = async (id: number) => {
      await waitUntil(async () => (await finishedRuns()).some((r) => r.id === id), 60_000, `run ${id} to end`);
      return (await finishedRuns()).find((r) => r.id === id)!;
    };
    /**
     * The first run requested from now on (all its requests meet the current answers), once it
     * has ended. Ids have gaps: a tick that joins the run under way still draws one.
     */
    const nextRun = async () => {
      const after = Number(await newestRun());
      await waitUntil(async () => (await finishedRuns()).some((r) => r.id > after), 60_000, `a run after ${after}`);
      return (await finishedRuns()).find((r) => r.id > after)!;
    };
    try {
      await w.ready;
      // A one-off 429, then 503s: whichever run meets them retries and succeeds, and so does the next.
      for (const answer of [
        {
          status: 429,
          body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}',
          headers: { 'ratelimit-reset': '1' },
        },
        { status: 503, body: 'upstream unavailable' },
      ]) {
        const current = { answer, times: answer.status === 429 ? 1 : 2 };
        fault = current;
        await waitUntil(async () => current.times === 0, 30_000, `the ${answer.status} to be served`);
        expect((await ended(Number(await newestRun()))).status).toBe('succeeded');
        expect((await nextRun()).status).toBe('succeeded');
      }
      // A revoked token: the run fails cleanly and says why; once it is fixed, the next run succeeds.
      fault = { answer: { status: 401, body: '{"error":{"message":"Unauthorized","code":2006}}' }, times: 1_000_000 };
      expect((await nextRun()).error).toMatch(/rejected the token \(401\)/);
      fault = null;
      expect((await nextRun()).status).toBe('succeeded');
      w.child.kill('SIGTERM');
      expect((await w.exited).code).toBe(0);
      expect(await activeRuns(t.db)).toEqual([]);
    } finally {
      await proxy.close();
      await t.drop();
    }
  }, 240_000);
});
