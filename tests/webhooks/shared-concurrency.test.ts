import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestSyncRun } from '../../db/writes/sync-runs';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { runSync } from '../../worker/run-sync';
import { waitForRun } from '../../worker/wait-for-run';
import { startWorker, type Worker } from '../../worker/worker';
import { addDeployment, generateFakeOrganisation } from '../fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../fakes/github/server';
import { startLatencyProxy } from '../helpers/latency-proxy';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { closeWebProcess } from '../helpers/web-process';
import { forRepository, githubExamples, githubHeaders, postWebhook } from './payloads';

/**
 * `github.concurrency` is what one token may have in flight: a full sync's parts and webhook
 * re-reads running at once, on several workers, stay within it together. Counted at a proxy in
 * front of the fake GitHub, which holds every request a network's time.
 */
const NOW = new Date('2026-11-20T12:00:00Z');
const CONCURRENCY = 2;
const WORKERS = 4;
const REPOSITORIES = 10;
const SECRET = 'gh-concurrency-secret';
const quiet = createLogger('test', () => {});

let github: FakeGithub;
let proxy: Awaited<ReturnType<typeof startLatencyProxy>>;
let t: TestDatabase;
const workers: Worker[] = [];

function writeConfig(file: string, apiUrl: string) {
  writeFileSync(
    file,
    [
      'github:',
      `  apiUrl: ${apiUrl}`,
      `  token: ${FAKE_GITHUB_TOKEN}`,
      `  organizations: [${github.org.login}]`,
      '  backfillDays: 30',
      `  concurrency: ${CONCURRENCY}`,
      '  webhookSecret: ${GH_HOOK}',
      'webhooks:',
      '  debounceSeconds: 1',
      'schedule:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
}

beforeAll(async () => {
  process.env.PAVED_NOW = NOW.toISOString();
  process.env.GH_HOOK = SECRET;
  github = await startFakeGithub(
    generateFakeOrganisation({ repositories: REPOSITORIES, days: 30, end: NOW, seed: 21 }),
    { now: () => NOW, pointsPerHour: 10_000_000 },
  );
  proxy = await startLatencyProxy(github.url, 200);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-concurrency-')), 'paved.yaml');
  process.env.PAVED_CONFIG = file;
  // The first sync straight from the fake; what follows goes through the counting proxy.
  writeConfig(file, github.url);
  t = await createTestDatabase();
  await closeWebProcess();
  process.env.DATABASE_URL = t.url;
  const first = await runSync({ db: t.db, url: t.url, loaded: loadConfig(), trigger: 'cli', log: quiet });
  expect(first.errors).toEqual([]);
  writeConfig(file, proxy.url);
}, 180_000);

afterAll(async () => {
  for (const worker of workers) await worker.stop({ graceMs: 2000 });
  await closeWebProcess();
  await t?.drop();
  await proxy?.close();
  await github?.close();
  delete process.env.PAVED_NOW;
});

it('caps a sync and webhook re-reads together at github.concurrency requests in flight', async () => {
  for (let i = 0; i < WORKERS; i++)
    workers.push(
      await startWorker({ db: t.db, url: t.url, loadConfig: () => loadConfig(), schedule: false, log: quiet }),
    );
  // The route's first delivery opens its queue client; a ping (ignored) does it before the clock matters.
  const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
  expect((await postWebhook('github', ping, await githubHeaders(SECRET, 'ping', 'c-ping', ping))).status).toBe(202);
  const run = await requestSyncRun(t.db, workers[0]!.boss, { trigger: 'cli', full: true });
  // Once the run is planned (its listing is one request at a time), only parts and re-reads read GitHub.
  for (;;) {
    const { planned_at } = await t.db
      .selectFrom('sync_runs')
      .select('planned_at')
      .where('id', '=', run.runId)
      .executeTakeFirstOrThrow();
    if (planned_at) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  proxy.resetPeak();
  // Every repository changes and says so while the sync's parts collect.
  const [push] = githubExamples(['push']).filter((e) => (e.payload.ref as string).startsWith('refs/heads/'));
  for (const [i, repo] of github.org.repositories.entries()) {
    addDeployment(repo, new Date(NOW.getTime() - 60_000));
    const { payload } = forRepository(push!, { owner: repo.owner, name: repo.name, defaultBranch: repo.defaultBranch });
    const body = JSON.stringify({ ...payload, ref: `refs/heads/${repo.defaultBranch}` });
    const response = await postWebhook('github', body, await githubHeaders(SECRET, 'push', `c-${i}`, body));
    expect(response.status).toBe(202);
  }
  expect((await waitForRun(t.db, run.runId, { timeoutMs: 120_000 })).errors).toEqual([]);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const waiting = await t.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('job_id', 'is not', null)
      .where('figures_at', 'is', null)
      .execute();
    if (waiting.length === 0) break;
    if (Date.now() > deadline) throw new Error(`${waiting.length} deliveries still wait for their re-read`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const rereads = await t.db
    .selectFrom('webhook_deliveries')
    .select(['job_id', 'error'])
    .where('delivery_id', 'like', 'c-%')
    .where('job_id', 'is not', null)
    .execute();
  expect(rereads).toHaveLength(REPOSITORIES);
  expect(rereads.filter((r) => r.error)).toEqual([]);
  // The cap was used (the test could fail) and never passed.
  expect(proxy.peak()).toBe(CONCURRENCY);
}, 300_000);
