import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/database';
import { closeWebProcess } from '../helpers/web-process';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { failRun } from '../../db/writes/sync-runs';
import { runSync } from '../../worker/run-sync';
import { startWorker, type Worker } from '../../worker/worker';
import { dumpGithubTables } from '../fakes/github/harness';
import { addDeployment, generateFakeOrganisation } from '../fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../fakes/github/server';
import { generateAccount, resolve } from '../fakes/pagerduty/account';
import { snapshotPagerduty } from '../fakes/pagerduty/harness';
import { startFakePagerduty, type FakePagerduty } from '../fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import {
  forRepository,
  githubExamples,
  githubHeaders,
  pagerdutyHeaders,
  pagerdutyIncidentEvent,
  postWebhook,
} from './payloads';

/**
 * Deliveries through the route handlers, re-read by a real worker from the fake GitHub and
 * PagerDuty: what a delivery causes is what the API says, whatever order deliveries come in.
 */
const NOW = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const PD_TOKEN = 'pd-refresh-token';
const SECRETS = { GH_HOOK: 'gh-secret', PD_HOOK: 'pd-secret' };
const quiet = createLogger('test', () => {});

let github: FakeGithub;
let pagerduty: FakePagerduty;
let configFile: string;
const databases: TestDatabase[] = [];

async function snapshot(db: Db) {
  const github = await dumpGithubTables(db);
  return {
    github,
    pagerduty: await snapshotPagerduty(db),
    derivedDeployments: Number(
      (
        await db
          .selectFrom('derived_deployments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  };
}

/** A fresh database holding one complete sync of the fakes as they are now. */
async function syncedDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  databases.push(t);
  const result = await runSync({ db: t.db, url: t.url, loaded: loadConfig(), trigger: 'cli', log: quiet });
  expect(result.errors).toEqual([]);
  return t;
}

/** Points the route handlers (the web process's database and queue) at `t`. */
async function serveFrom(t: TestDatabase) {
  await closeWebProcess();
  process.env.DATABASE_URL = t.url;
}

let deliveryCount = 0;
async function deliverGithub(event: string, payload: unknown, deliveryId = `d-${++deliveryCount}`) {
  const body = JSON.stringify(payload);
  const response = await postWebhook('github', body, await githubHeaders(SECRETS.GH_HOOK, event, deliveryId, body));
  expect(response.status).toBe(202);
  return deliveryId;
}

async function deliverPagerduty(payload: unknown) {
  const body = JSON.stringify(payload);
  const response = await postWebhook('pagerduty', body, pagerdutyHeaders([SECRETS.PD_HOOK], body));
  expect(response.status).toBe(202);
}

/** Waits until every delivery that caused a re-read is in the derived figures. */
async function waitForFigures(db: Db, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await db.selectFrom('webhook_deliveries').select(['figures_at', 'error', 'job_id']).execute();
    const waiting = rows.filter((r) => r.job_id && !r.figures_at);
    expect(rows.filter((r) => r.error)).toEqual([]);
    if (rows.length > 0 && waiting.length === 0) return rows;
    if (Date.now() > deadline) throw new Error(`${waiting.length} deliveries still wait for their figures`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function withWorker<T>(t: TestDatabase, work: () => Promise<T>): Promise<T> {
  const worker: Worker = await startWorker({
    db: t.db,
    url: t.url,
    loadConfig: () => loadConfig(),
    schedule: false,
    log: quiet,
  });
  try {
    return await work();
  } finally {
    await worker.stop({ graceMs: 2000 });
  }
}

beforeAll(async () => {
  process.env.PAVED_NOW = NOW.toISOString();
  Object.assign(process.env, SECRETS);
  github = await startFakeGithub(generateFakeOrganisation({ repositories: 3, days: 30, end: NOW, seed: 8 }), {
    now: () => NOW,
  });
  const account = generateAccount({
    seed: 3,
    services: 2,
    incidents: 40,
    from: new Date(NOW.getTime() - 20 * DAY),
    to: NOW,
  });
  pagerduty = await startFakePagerduty({ token: PD_TOKEN, account, now: NOW });
  configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-refresh-')), 'paved.yaml');
  writeFileSync(
    configFile,
    [
      'github:',
      `  apiUrl: ${github.url}`,
      `  token: ${FAKE_GITHUB_TOKEN}`,
      `  organizations: [${github.org.login}]`,
      '  backfillDays: 60',
      '  webhookSecret: ${GH_HOOK}',
      'pagerduty:',
      `  apiUrl: ${pagerduty.url}`,
      `  token: ${PD_TOKEN}`,
      '  backfillDays: 60',
      '  webhookSecrets: ["${PD_HOOK}"]',
      'webhooks:',
      '  debounceSeconds: 1',
      'schedule:',
      '  enabled: false',
      '',
    ].join('\n'),
  );
  process.env.PAVED_CONFIG = configFile;
}, 120_000);

afterAll(async () => {
  await serveFrom({ url: '' } as TestDatabase);
  for (const t of databases) await t.drop();
  await github?.close();
  await pagerduty?.close();
  delete process.env.PAVED_NOW;
});

describe('a deployment and its status, delivered', () => {
  it('are re-read from GitHub and derived; out of order ends the same as in order and as a full sync; a repeat changes nothing', async () => {
    const inOrder = await syncedDatabase();
    const reversed = await syncedDatabase();
    const before = await snapshot(inOrder.db);
    const repo = github.org.repositories[0]!;
    const target = { owner: repo.owner, name: repo.name, defaultBranch: repo.defaultBranch };
    const deploymentId = addDeployment(repo, new Date(NOW.getTime() - 60_000));
    const [deployment] = githubExamples(['deployment']).map((e) => forRepository(e, target));
    const [status] = githubExamples(['deployment_status']).map((e) => forRepository(e, target));

    await serveFrom(inOrder);
    await withWorker(inOrder, async () => {
      await deliverGithub('deployment', deployment!.payload);
      await deliverGithub('deployment_status', status!.payload, 'status-1');
      await waitForFigures(inOrder.db);
    });
    const after = await snapshot(inOrder.db);
    expect(after.github.deployments!.length).toBe(before.github.deployments!.length + 1);
    expect(after.github.deployments!.some((d) => String(d).includes(`"external_id":"${deploymentId}"`))).toBe(true);
    expect(after.derivedDeployments).toBeGreaterThan(before.derivedDeployments);

    await serveFrom(reversed);
    await withWorker(reversed, async () => {
      await deliverGithub('deployment_status', status!.payload, 'status-1');
      await deliverGithub('deployment', deployment!.payload);
      await waitForFigures(reversed.db);
    });
    expect(await snapshot(reversed.db)).toEqual(after);

    // The truth: a full sync of the fake as it is now.
    const full = await syncedDatabase();
    expect(await snapshot(full.db)).toEqual(after);

    // GitHub's "Redeliver" sends the same delivery id again: nothing changes, no job is sent.
    await serveFrom(inOrder);
    const jobsBefore = await inOrder.db
      .selectFrom('pgboss.job' as never)
      .select('id' as never)
      .execute();
    await withWorker(inOrder, async () => {
      const response = await postWebhook(
        'github',
        JSON.stringify(status!.payload),
        await githubHeaders(SECRETS.GH_HOOK, 'deployment_status', 'status-1', JSON.stringify(status!.payload)),
      );
      expect(await response.json()).toEqual({ outcome: 'duplicate' });
    });
    expect(
      await inOrder.db
        .selectFrom('pgboss.job' as never)
        .select('id' as never)
        .execute(),
    ).toEqual(jobsBefore);
    expect(await snapshot(inOrder.db)).toEqual(after);
  }, 240_000);
});

describe('an incident resolved, delivered', () => {
  it('is re-read from PagerDuty: its resolve time is stored and the figures derived', async () => {
    const t = await syncedDatabase();
    const open = pagerduty.options.account.incidents.find((i) => i.status !== 'resolved')!;
    expect(open).toBeDefined();
    const stored = await t.db
      .selectFrom('incidents')
      .select(['status', 'resolved_at'])
      .where('external_id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(stored.resolved_at).toBeNull();
    const resolvedAt = new Date(NOW.getTime() - 30_000);
    resolve(open, resolvedAt);

    await serveFrom(t);
    await withWorker(t, async () => {
      await deliverPagerduty(
        pagerdutyIncidentEvent({
          eventId: 'resolved-1',
          eventType: 'incident.resolved',
          incidentId: open.id,
          serviceId: open.serviceId,
          status: 'resolved',
        }),
      );
      const [row] = await waitForFigures(t.db);
      expect(row!.figures_at).not.toBeNull();
    });
    const now = await t.db
      .selectFrom('incidents')
      .select(['status', 'resolved_at'])
      .where('external_id', '=', open.id)
      .executeTakeFirstOrThrow();
    expect(now).toEqual({ status: 'resolved', resolved_at: resolvedAt });
  }, 180_000);
});

describe('a repository deleted at GitHub', () => {
  it('stops counting when its deletion is delivered (history kept), and a full sync finds the same', async () => {
    const delivered = await syncedDatabase();
    const polled = await syncedDatabase();
    const [gone] = github.org.repositories;
    const derivedOf = async (db: Db) =>
      Number(
        (
          await db
            .selectFrom('derived_deployments')
            .innerJoin('repositories', 'repositories.id', 'derived_deployments.repository_id')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('repositories.full_name', '=', `${gone!.owner}/${gone!.name}`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const removedAt = (db: Db) =>
      db
        .selectFrom('repositories')
        .select('removed_at')
        .where('full_name', '=', `${gone!.owner}/${gone!.name}`)
        .executeTakeFirstOrThrow();
    expect(await derivedOf(delivered.db)).toBeGreaterThan(0);
    const deploymentsBefore = (await dumpGithubTables(delivered.db)).deployments!.length;

    github.org.repositories.splice(0, 1);
    try {
      // @octokit/webhooks-examples has no `deleted` example: GitHub's is the same shape as the others
      // (action, repository, sender), so another repository example with its action changed stands for it.
      const [example] = githubExamples(['repository']).map((e) =>
        forRepository(e, { owner: gone!.owner, name: gone!.name, defaultBranch: gone!.defaultBranch }),
      );
      const deleted = { ...example!, payload: { ...example!.payload, action: 'deleted' } };
      await serveFrom(delivered);
      await withWorker(delivered, async () => {
        await deliverGithub('repository', deleted.payload);
        await waitForFigures(delivered.db);
      });
      expect(await removedAt(delivered.db)).toEqual({ removed_at: NOW });
      // It no longer counts (its service's figures follow the derived rows); what was collected stays.
      expect(await derivedOf(delivered.db)).toBe(0);
      expect((await dumpGithubTables(delivered.db)).deployments).toHaveLength(deploymentsBefore);

      // The poll, without the delivery, comes to the same database.
      const polledRun = await runSync({
        db: polled.db,
        url: polled.url,
        loaded: loadConfig(),
        trigger: 'cli',
        log: quiet,
      });
      expect(polledRun.errors).toEqual([]);
      expect(await snapshot(polled.db)).toEqual(await snapshot(delivered.db));
      expect(await removedAt(polled.db)).toEqual({ removed_at: NOW });
    } finally {
      github.org.repositories.unshift(gone!);
    }
    // Back at GitHub (restored): it counts again at the next sync.
    await runSync({ db: delivered.db, url: delivered.url, loaded: loadConfig(), trigger: 'cli', log: quiet });
    expect(await removedAt(delivered.db)).toEqual({ removed_at: null });
    expect(await derivedOf(delivered.db)).toBeGreaterThan(0);
  }, 240_000);
});

describe('an installation delivery', () => {
  it('asks for a sync run, and its lag is recorded when the run is derived', async () => {
    const t = await syncedDatabase();
    const [installation] = githubExamples(['installation']).filter((e) => e.payload.action === 'created');
    await serveFrom(t);
    await withWorker(t, async () => {
      const id = await deliverGithub('installation', installation!.payload);
      const [row] = await waitForFigures(t.db);
      expect(row).toMatchObject({ job_id: expect.stringMatching(/^run:\d+$/), error: null });
      const delivery = await t.db
        .selectFrom('webhook_deliveries')
        .select(['received_at', 'refreshed_at', 'figures_at'])
        .where('delivery_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(delivery.refreshed_at!.getTime()).toBeGreaterThanOrEqual(delivery.received_at.getTime());
      expect(delivery.figures_at!.getTime()).toBeGreaterThanOrEqual(delivery.refreshed_at!.getTime());
    });
  }, 180_000);

  it('is recorded with its run; a repeat asks for no other; a run that fails ends it saying why', async () => {
    const t = await syncedDatabase();
    const [installation] = githubExamples(['installation']).filter((e) => e.payload.action === 'created');
    // No worker: the run it asks for stays queued.
    await serveFrom(t);
    const runsBefore = await t.db.selectFrom('sync_runs').select('id').execute();
    const id = await deliverGithub('installation', installation!.payload);
    const delivery = () =>
      t.db
        .selectFrom('webhook_deliveries')
        .select(['outcome', 'job_id', 'refreshed_at', 'figures_at', 'error'])
        .where('delivery_id', '=', id)
        .executeTakeFirstOrThrow();
    const recorded = await delivery();
    expect(recorded).toMatchObject({ outcome: 'queued', job_id: expect.stringMatching(/^run:\d+$/) });
    const runId = Number(recorded.job_id!.slice('run:'.length));
    expect(await t.db.selectFrom('sync_runs').select('id').execute()).toHaveLength(runsBefore.length + 1);
    await deliverGithub('installation', installation!.payload, id);
    expect(await t.db.selectFrom('sync_runs').select('id').execute()).toHaveLength(runsBefore.length + 1);
    expect(await failRun(t.db, null, runId, 'failed: the run passed its deadline')).toBe(true);
    const ended = await delivery();
    expect(ended).toMatchObject({ error: 'failed: the run passed its deadline', figures_at: null });
    expect(ended.refreshed_at).toBeInstanceOf(Date);
  });
});
