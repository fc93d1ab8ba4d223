import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../collectors/source';
import { createDb, type Db } from '../db/database';
import { freePort } from '../db/embedded';
import { QUEUES } from '../db/queue';
import { sql } from 'kysely';
import { failRun, requestSyncRun, requestSyncRunIn } from '../db/writes/sync-runs';
import { parseConfigText, type LoadedConfig } from '../lib/config';
import { createLogger } from '../lib/logger';
import { getRunProgress } from '../metrics/sync-status';
import { createSlowSource, disjoint } from '../tests/helpers/slow-source';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { runSync } from './run-sync';
import { waitForRun } from './wait-for-run';
import { startWorker, type Worker } from './worker';

const quiet = createLogger('test', () => {});
// Sources are faked below; a configured source keeps the data mode "collected" (no demo).
const collected = parseConfigText('pagerduty:\n  token: x\n', 'test.yaml', {});
const noSources = parseConfigText('{}', 'test.yaml', {});
const fastQueue = {
  PAVED_QUEUE_SUPERVISE_SECONDS: '1',
  PAVED_JOB_RETRY_DELAY_SECONDS: '1',
  PAVED_JOB_RETRY_LIMIT: '1',
  PAVED_RUN_SILENT_SECONDS: '60',
};
const noDerive = async () => {};

describe('the worker and its queue', () => {
  let t: TestDatabase;
  const workers: Worker[] = [];
  const pools: Db[] = [];
  const worker = async (options: { sources: readonly Source[]; loaded?: LoadedConfig; schedule?: string }) => {
    const db = createDb(t.url, { max: 4 });
    pools.push(db);
    const w = await startWorker({
      db,
      url: t.url,
      loadConfig: () => options.loaded ?? collected,
      sources: options.sources,
      derive: noDerive,
      log: quiet,
      schedule: Boolean(options.schedule),
      scheduleExpression: options.schedule,
      env: fastQueue,
    });
    workers.push(w);
    return w;
  };
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop({ graceMs: 1000 });
    for (const p of pools) await p.destroy();
    await t.drop();
  });

  it('with no source configured, a sync succeeds and still derives the catalog', async () => {
    const result = await runSync({
      db: t.db,
      url: t.url,
      loaded: noSources,
      trigger: 'cli',
      log: quiet,
      env: fastQueue,
    });
    expect(result.status).toBe('succeeded');
    const run = await t.db.selectFrom('sync_runs').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'cli', error: null });
    expect(run.finished_at).not.toBeNull();
  });

  it('two workers split one run between them, each part once, and the run equals one worker’s', async () => {
    const a = createSlowSource(150, 12);
    const b = createSlowSource(150, 12);
    const [wa] = [await worker({ sources: [a.source] }), await worker({ sources: [b.source] })];
    const request = await requestSyncRun(t.db, wa!.boss, { trigger: 'api' });
    const run = await waitForRun(t.db, request.runId, { timeoutMs: 30_000 });
    expect(run.status).toBe('succeeded');
    const scopes = [...a.runs, ...b.runs].map((r) => r.scope).sort();
    expect(scopes).toEqual(Array.from({ length: 12 }, (_, i) => `slow-${i}`).sort());
    expect(a.runs.length).toBeGreaterThan(0);
    expect(b.runs.length).toBeGreaterThan(0);
    // Each worker runs one part at a time (one request in flight per worker and token).
    expect(disjoint(a.runs)).toBe(true);
    expect(disjoint(b.runs)).toBe(true);
    expect(Object.keys(run.counts.github!).sort()).toEqual([...scopes, 'listing'].sort());
    const progress = await getRunProgress(t.db, request.runId);
    expect(progress).toMatchObject({ status: 'succeeded', parts: { total: 13, settled: 13, failed: 0 } });
    for (const w of workers.splice(0)) await w.stop({ graceMs: 1000 });
  });

  it('a repository whose job from an ended run still waits gets this run’s job instead (one pending job per repository)', async () => {
    const slow = createSlowSource(50, 2);
    const w = await worker({ sources: [slow.source] });
    const stale = await w.boss.send(
      QUEUES.part,
      { kind: 'part', runId: 999_999, source: 'github', scope: 'slow-0' },
      { singletonKey: 'github:slow-0', startAfter: 3600 },
    );
    expect(stale).not.toBeNull();
    const request = await requestSyncRun(t.db, w.boss, { trigger: 'api' });
    expect((await waitForRun(t.db, request.runId, { timeoutMs: 30_000 })).status).toBe('succeeded');
    expect(slow.runs.map((r) => r.scope).sort()).toEqual(['slow-0', 'slow-1']);
    expect((await w.boss.findJobs(QUEUES.part, { id: stale! }))[0]?.state).toBe('cancelled');
    for (const x of workers.splice(0)) await x.stop({ graceMs: 1000 });
  });

  it('caps the repositories collected at once across workers at github.concurrency', async () => {
    const capped = parseConfigText('github:\n  token: x\n  concurrency: 1\n', 'test.yaml', {});
    const a = createSlowSource(150, 6);
    const b = createSlowSource(150, 6);
    const wa = await worker({ sources: [a.source], loaded: capped });
    await worker({ sources: [b.source], loaded: capped });
    const request = await requestSyncRun(t.db, wa.boss, { trigger: 'api' });
    expect((await waitForRun(t.db, request.runId, { timeoutMs: 30_000 })).status).toBe('succeeded');
    expect(a.runs.length + b.runs.length).toBe(6);
    // One token, one repository at a time, whichever worker took it.
    expect(disjoint([...a.runs, ...b.runs])).toBe(true);
    for (const w of workers.splice(0)) await w.stop({ graceMs: 1000 });
  });

  it('a request while a run is queued or collecting joins it; the schedule asks once per tick', async () => {
    const slow = createSlowSource(400, 3);
    const w = await worker({ sources: [slow.source] });
    const [x, y] = await Promise.all([
      requestSyncRun(t.db, w.boss, { trigger: 'api' }),
      requestSyncRun(t.db, w.boss, { trigger: 'cli' }),
    ]);
    expect(x.runId).toBe(y.runId);
    expect([x.created, y.created].sort()).toEqual([false, true]);
    const tick = new Date('2026-12-05T10:00:00Z');
    await waitForRun(t.db, x.runId, { timeoutMs: 30_000 });
    const first = await requestSyncRun(t.db, w.boss, { trigger: 'schedule', scheduledFor: tick });
    const second = await requestSyncRun(t.db, w.boss, { trigger: 'schedule', scheduledFor: tick });
    expect(second).toMatchObject({ runId: first.runId, created: false });
    await waitForRun(t.db, first.runId, { timeoutMs: 30_000 });
    await w.stop({ graceMs: 1000 });
  });

  it('a run joined inside a transaction cannot start or end until that transaction commits', async () => {
    const w = await worker({ sources: [] });
    await w.stop({ graceMs: 1000 });
    workers.splice(workers.indexOf(w), 1);
    // No worker runs: the queued run stays queued while the second request joins it.
    const first = await requestSyncRun(t.db, w.boss, { trigger: 'api' });
    const tryToStart = () =>
      t.db.transaction().execute(async (other) => {
        await sql`set local lock_timeout = '200ms'`.execute(other);
        await other.updateTable('sync_runs').set({ status: 'running' }).where('id', '=', first.runId).execute();
      });
    let seenInside = 'not tried';
    const joined = await t.db.transaction().execute(async (trx) => {
      const run = await requestSyncRunIn(trx, w.boss, { trigger: 'webhook' });
      seenInside = await tryToStart().then(
        () => 'started',
        (error: Error) => error.message,
      );
      return run;
    });
    expect(joined).toMatchObject({ runId: first.runId, created: false });
    expect(seenInside).toMatch(/lock timeout/);
    await tryToStart();
    expect(await failRun(t.db, w.boss, first.runId, 'the test is over')).toBe(true);
  });

  it('two workers on a per-second schedule never collect two runs at once', async () => {
    const slow = createSlowSource(700, 2);
    await worker({ sources: [slow.source], schedule: '* * * * * *' });
    await worker({ sources: [slow.source], schedule: '* * * * * *' });
    const since = new Date(Date.now() - 1000);
    const succeeded = async () =>
      (
        await t.db
          .selectFrom('sync_runs')
          .select('id')
          .where('trigger', '=', 'schedule')
          .where('status', '=', 'succeeded')
          .where('scheduled_for', '>', since)
          .execute()
      ).length;
    for (let i = 0; i < 120 && (await succeeded()) < 2; i++) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 1500)); // a few more ticks while a run is under way
    for (const w of workers.splice(0)) await w.stop({ graceMs: 3000 });
    const runs = await t.db
      .selectFrom('sync_runs')
      .select(['id', 'started_at', 'finished_at', 'status', 'scheduled_for'])
      .where('trigger', '=', 'schedule')
      .where('scheduled_for', '>', new Date(Date.now() - 60_000))
      .execute();
    expect(runs.filter((r) => r.status === 'succeeded').length).toBeGreaterThanOrEqual(2);
    expect(new Set(runs.map((r) => r.scheduled_for!.getTime())).size).toBe(runs.length);
    // Parts of different runs never overlap: a run collects only once the one before has settled its parts.
    const parts = await t.db
      .selectFrom('sync_run_parts')
      .select(['run_id', 'started_at', 'finished_at'])
      .where(
        'run_id',
        'in',
        runs.map((r) => r.id),
      )
      .where('job_id', '!=', 'plan')
      .execute();
    const spans = runs
      .map((r) => parts.filter((p) => p.run_id === r.id && p.started_at && p.finished_at))
      .filter((ps) => ps.length > 0)
      .map((ps) => ({
        start: Math.min(...ps.map((p) => p.started_at!.getTime())),
        end: Math.max(...ps.map((p) => p.finished_at!.getTime())),
      }));
    expect(disjoint(spans)).toBe(true);
    // The last worker to stop leaves no run queued or running.
    const open = await t.db.selectFrom('sync_runs').select('id').where('status', 'in', ['queued', 'running']).execute();
    expect(open).toEqual([]);
  });

  it('a part that keeps failing for a reason that is not GitHub’s or PagerDuty’s is retried, then dead-lettered, and its run fails saying why', async () => {
    let attempts = 0;
    const broken: Source = {
      id: 'github',
      isConfigured: () => true,
      plan: async () => [{ scope: 'acme/broken', input: {} }],
      runPart: async () => {
        attempts += 1;
        throw new Error('relation "commits" is locked (simulated)');
      },
    };
    const w = await worker({ sources: [broken] });
    const request = await requestSyncRun(t.db, w.boss, { trigger: 'api' });
    const run = await waitForRun(t.db, request.runId, { timeoutMs: 45_000 });
    expect(run.status).toBe('failed');
    expect(attempts).toBe(2); // the first try and PAVED_JOB_RETRY_LIMIT=1 retry
    expect(run.errors.join('\n')).toMatch(/acme\/broken: gave up after 2 attempts: relation "commits" is locked/);
    await w.stop({ graceMs: 1000 });
  });

  it('fails a run that passes its deadline and cancels its unsettled parts', async () => {
    const slow = createSlowSource(60_000, 1);
    const w = await worker({ sources: [slow.source] });
    const request = await requestSyncRun(t.db, w.boss, { trigger: 'api' });
    for (let i = 0; i < 100 && !(await getRunProgress(t.db, request.runId))?.current.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await t.db
      .updateTable('sync_runs')
      .set({ deadline_at: new Date(Date.now() - 1000) })
      .where('id', '=', request.runId)
      .execute();
    const run = await waitForRun(t.db, request.runId, { timeoutMs: 10_000 });
    expect(run).toMatchObject({ status: 'failed', errors: [expect.stringMatching(/passed its deadline/)] });
    await w.stop({ graceMs: 500 });
  });

  it('fails a run no worker has worked on for a while (its worker died and none took over)', async () => {
    const w = await worker({ sources: [] });
    const { id } = await t.db
      .insertInto('sync_runs')
      .values({
        trigger: 'api',
        full_sync: false,
        status: 'running',
        started_at: new Date(),
        heartbeat_at: new Date(Date.now() - 3600_000),
        planned_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const run = await waitForRun(t.db, id, { timeoutMs: 10_000 });
    expect(run).toMatchObject({
      status: 'failed',
      errors: [expect.stringMatching(/no worker has worked on it for 1 minute/)],
    });
    await w.stop({ graceMs: 500 });
  });

  it('fails with a readable reason when GitHub is unreachable, and keeps the token out of it', async () => {
    const port = await freePort();
    const loaded = parseConfigText(
      `github:\n  token: ghp_secret_value_1234\n  apiUrl: http://127.0.0.1:${port}\n  organizations: [acme]\n`,
      'test.yaml',
      {},
    );
    const result = await runSync({
      db: t.db,
      url: t.url,
      loaded,
      trigger: 'cli',
      log: quiet,
      derive: noDerive,
      env: fastQueue,
    });
    expect(result.status).toBe('failed');
    expect(result.errors[0]).toMatch(
      new RegExp(`^github \\(listing\\): GitHub API at http://127.0.0.1:${port} is unreachable \\(ECONNREFUSED\\)`),
    );
    expect(result.errors.join('\n')).not.toContain('ghp_secret_value_1234');
  });
});
