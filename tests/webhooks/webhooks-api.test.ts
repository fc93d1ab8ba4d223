import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWebProcess } from '../helpers/web-process';
import { GITHUB_EVENTS } from '../../lib/webhooks/github-events';
import { MAX_WEBHOOK_BODY_BYTES } from '../../lib/webhooks/limits';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import {
  githubExamples,
  githubHeaders,
  pagerdutyHeaders,
  pagerdutyIncidentEvent,
  pagerdutyPing,
  postWebhook,
} from './payloads';

/**
 * POST /api/v1/webhooks/{github,pagerduty}: the route handlers themselves on a real database
 * and queue. No worker runs: what a delivery causes is read from the inbox and pg-boss's jobs.
 */
const GITHUB_SECRET = 'gh-hook-secret';
const PD_OLD = 'pd-old-secret';
const PD_NEW = 'pd-new-secret';
const ENV = { GH_HOOK: GITHUB_SECRET, PD_HOOK_OLD: PD_OLD, PD_HOOK_NEW: PD_NEW };

let t: TestDatabase;
let configFile: string;
const WITH_SECRETS = [
  'github:',
  '  token: unused',
  '  organizations: [Codertocat, octo-org, Octocoders]',
  '  webhookSecret: ${GH_HOOK}',
  'pagerduty:',
  '  token: unused',
  '  serviceIds: [PF9KMXH, PSECOND]',
  '  webhookSecrets: ["${PD_HOOK_OLD}", "${PD_HOOK_NEW}"]',
  'webhooks:',
  // Longer than the test: every re-read stays waiting, so what each delivery caused can be read.
  '  debounceSeconds: 600',
  'schedule:',
  '  enabled: false',
  '',
].join('\n');
const WITHOUT_SECRETS = 'github:\n  token: unused\n  organizations: [Codertocat]\nschedule:\n  enabled: false\n';

// The cached config is keyed by the file's size and mtime: the two texts differ in size.
const useConfig = (text: string) => writeFileSync(configFile, text);

const post = postWebhook;

let deliveries = 0;
async function postGithub(event: string, payload: unknown, options: { secret?: string; deliveryId?: string } = {}) {
  const body = JSON.stringify(payload);
  const deliveryId = options.deliveryId ?? `gh-${++deliveries}`;
  const response = await post(
    'github',
    body,
    await githubHeaders(options.secret ?? GITHUB_SECRET, event, deliveryId, body),
  );
  return { response, deliveryId, body: (await response.json()) as { outcome: string; job?: string; reason?: string } };
}

async function postPagerduty(payload: unknown, secrets: readonly string[] = [PD_NEW]) {
  const body = JSON.stringify(payload);
  const response = await post('pagerduty', body, pagerdutyHeaders(secrets, body));
  return { response, body: (await response.json()) as { outcome: string; job?: string } };
}

const inbox = () => t.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();
const counts = async () =>
  Object.fromEntries(
    (await t.db.selectFrom('webhook_counts').select(['source', 'outcome', 'count']).execute()).map((r) => [
      `${r.source} ${r.outcome}`,
      r.count,
    ]),
  );
/** Re-reads wait on the sync parts' queue (one group concurrency for both), told apart by their kind. */
const refreshJobs = async () =>
  (
    (await t.db
      .selectFrom('pgboss.job' as never)
      .select(['id' as never, 'data' as never, 'singleton_key' as never, 'state' as never])
      .where('name' as never, '=', 'paved-sync-part' as never)
      .orderBy('created_on' as never)
      .execute()) as {
      id: string;
      data: { kind: string; source: string; target: string };
      singleton_key: string;
      state: string;
    }[]
  ).filter((job) => job.data.kind === 'refresh');

beforeAll(async () => {
  t = await createTestDatabase();
  configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-webhooks-')), 'paved.yaml');
  useConfig(WITH_SECRETS);
  Object.assign(process.env, ENV, { PAVED_CONFIG: configFile, DATABASE_URL: t.url });
});
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
});

/** What each example should cause, stated from GitHub's documentation of the events, not from the code. */
function expectedPlan(event: string, payload: Record<string, unknown>): 'refresh' | 'sync' | 'ignore' {
  const action = payload.action as string | undefined;
  const repo = payload.repository as { default_branch: string } | undefined;
  switch (event) {
    case 'push':
      return payload.ref === `refs/heads/${repo!.default_branch}` ? 'refresh' : 'ignore';
    case 'pull_request':
      return ['opened', 'reopened', 'closed', 'labeled', 'unlabeled'].includes(action!) ? 'refresh' : 'ignore';
    case 'deployment':
    case 'deployment_status':
      return 'refresh';
    case 'workflow_run':
      return action === 'completed' ? 'refresh' : 'ignore';
    case 'repository':
      // Every action, deleted included: the re-read finds what GitHub shows now.
      return 'refresh';
    case 'installation':
      return ['created', 'new_permissions_accepted', 'unsuspend'].includes(action!) ? 'sync' : 'ignore';
    case 'installation_repositories':
      return action === 'added' || action === 'removed' ? 'sync' : 'ignore';
    default:
      return 'ignore';
  }
}

describe('POST /api/v1/webhooks/github', () => {
  it('takes every supported example delivery: 202, recorded, and the right job (one waiting per repository)', async () => {
    const examples = githubExamples([...GITHUB_EVENTS, 'ping', 'issues']);
    expect(examples.length).toBeGreaterThan(80);
    const byTarget = new Map<string, string>();
    // The first request opens the web process's queue client (once per process): not timed.
    expect((await postGithub('ping', { zen: 'Keep it logically awesome.' })).response.status).toBe(202);
    for (const { event, payload } of examples) {
      const started = performance.now();
      const { response, body, deliveryId } = await postGithub(event, payload);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(response.status, `${event} ${payload.action}`).toBe(202);
      const plan = expectedPlan(event, payload);
      const row = (await inbox()).find((r) => r.delivery_id === deliveryId)!;
      expect(row, deliveryId).toMatchObject({ source: 'github', event, action: (payload.action as string) ?? null });
      if (plan === 'ignore') {
        expect(body.outcome, `${event} ${payload.action}`).toBe('ignored');
        expect(row).toMatchObject({ outcome: 'ignored', job_id: null, target: null });
      } else if (plan === 'sync') {
        expect(body.job).toMatch(/^run:\d+$/);
        expect(row.job_id).toBe(body.job);
      } else {
        const target = (payload.repository as { full_name: string }).full_name;
        expect(row.target).toBe(target);
        // The first delivery for a repository queues its re-read; later ones join it while it waits.
        const known = byTarget.get(target.toLowerCase());
        expect(body.outcome).toBe(known ? 'coalesced' : 'queued');
        if (known) expect(body.job).toBe(known);
        else byTarget.set(target.toLowerCase(), body.job!);
        expect(row.job_id).toBe(body.job);
      }
    }
    const jobs = await refreshJobs();
    expect(jobs.map((j) => j.data.target).sort()).toEqual(
      ['Codertocat/Hello-World', 'octo-org/octo-repo', 'Octocoders/Hello-World'].sort(),
    );
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(byTarget.values()));
    expect(jobs.every((j) => j.state === 'created')).toBe(true);
    const runs = await t.db.selectFrom('sync_runs').select(['trigger', 'status']).execute();
    expect(runs).toEqual([{ trigger: 'webhook', status: 'queued' }]);
  });

  it('the same delivery twice changes nothing the second time (it is counted as a duplicate)', async () => {
    const [deployment] = githubExamples(['deployment']);
    const first = await postGithub(deployment!.event, deployment!.payload, { deliveryId: 'dup-1' });
    const before = { inbox: await inbox(), jobs: await refreshJobs() };
    const again = await postGithub(deployment!.event, deployment!.payload, { deliveryId: 'dup-1' });
    expect(first.response.status).toBe(202);
    expect(again.response.status).toBe(202);
    expect(again.body).toEqual({ outcome: 'duplicate' });
    expect({ inbox: await inbox(), jobs: await refreshJobs() }).toEqual(before);
    expect((await counts())['github duplicate']).toBe(1);
  });

  it('refuses a wrong or missing signature (403/401), stores nothing and counts it', async () => {
    const before = (await inbox()).length;
    const [push] = githubExamples(['push']);
    const wrong = await postGithub('push', push!.payload, { secret: 'not-the-secret' });
    expect(wrong.response.status).toBe(403);
    const body = JSON.stringify(push!.payload);
    const headers = await githubHeaders(GITHUB_SECRET, 'push', 'unsigned', body);
    const missing = await post('github', body, { ...headers, 'x-hub-signature-256': '' });
    expect(missing.status).toBe(401);
    // A signature of another body is wrong too.
    const other = await post('github', body.replace('Hello', 'Hallo'), headers);
    expect(other.status).toBe(403);
    expect((await inbox()).length).toBe(before);
    expect((await counts())['github rejected']).toBe(3);
  });

  it('answers 400 to a signed body that is not JSON or lacks what its event names, 413 above 25 MB', async () => {
    const notJson = 'this is not json';
    expect((await post('github', notJson, await githubHeaders(GITHUB_SECRET, 'push', 'nj', notJson))).status).toBe(400);
    const noRepository = JSON.stringify({ ref: 'refs/heads/main' });
    const bad = await post('github', noRepository, await githubHeaders(GITHUB_SECRET, 'push', 'nr', noRepository));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/repository/);
    const noDelivery = await githubHeaders(GITHUB_SECRET, 'push', '', noRepository);
    expect((await post('github', noRepository, noDelivery)).status).toBe(400);

    const huge = Buffer.alloc(MAX_WEBHOOK_BODY_BYTES + 1, 0x20);
    const declared = await post('github', huge, { 'content-length': String(huge.length), 'x-hub-signature-256': 'x' });
    expect(declared.status).toBe(413);
    const streamed = await post('github', huge, { 'x-hub-signature-256': 'x' });
    expect(streamed.status).toBe(413);
  });
});

describe('POST /api/v1/webhooks/pagerduty', () => {
  const incident = (eventId: string, eventType: string, incidentId = 'PGR0VU2') =>
    pagerdutyIncidentEvent({ eventId, eventType, incidentId, serviceId: 'PF9KMXH' });

  it('takes each incident event with either of two rotated secrets, and one re-read waits per incident', async () => {
    const types = [
      'incident.triggered',
      'incident.acknowledged',
      'incident.resolved',
      'incident.reopened',
      'incident.priority_updated',
      'incident.urgency_updated',
      'incident.reassigned',
    ];
    const outcomes: string[] = [];
    for (const [i, type] of types.entries()) {
      // Old secret, new secret, and both (PagerDuty signs with every active secret during a rotation).
      const secrets = [[PD_OLD], [PD_NEW], [PD_OLD, PD_NEW]][i % 3]!;
      const { response, body } = await postPagerduty(incident(`evt-${i}`, type), secrets);
      expect(response.status, type).toBe(202);
      outcomes.push(body.outcome);
    }
    expect(outcomes).toEqual(['queued', ...types.slice(1).map(() => 'coalesced')]);
    const jobs = (await refreshJobs()).filter((j) => j.data.source === 'pagerduty');
    expect(jobs.map((j) => j.data)).toEqual([{ kind: 'refresh', source: 'pagerduty', target: 'PGR0VU2' }]);
    const rows = (await inbox()).filter((r) => r.source === 'pagerduty');
    expect(rows.map((r) => [r.delivery_id, r.event, r.target])).toEqual(
      types.map((type, i) => [`evt-${i}`, type, 'PGR0VU2']),
    );
  });

  it('ignores the test event, other event types and services outside pagerduty.serviceIds', async () => {
    expect((await postPagerduty(pagerdutyPing('ping-1'))).body).toMatchObject({ outcome: 'ignored' });
    expect((await postPagerduty(incident('note-1', 'incident.annotated'))).body).toMatchObject({ outcome: 'ignored' });
    const elsewhere = pagerdutyIncidentEvent({
      eventId: 'other-svc',
      eventType: 'incident.resolved',
      incidentId: 'PZZZ',
      serviceId: 'POTHER',
    });
    expect((await postPagerduty(elsewhere)).body).toMatchObject({ outcome: 'ignored' });
  });

  it('deduplicates on the event id; refuses a signature by an unknown secret; 400 for a body without an event', async () => {
    const before = (await inbox()).length;
    expect((await postPagerduty(incident('evt-0', 'incident.triggered'))).body).toEqual({ outcome: 'duplicate' });
    expect((await postPagerduty(incident('evt-x', 'incident.resolved'), ['retired-secret'])).response.status).toBe(403);
    const noEvent = JSON.stringify({ messages: [] });
    expect((await post('pagerduty', noEvent, pagerdutyHeaders([PD_OLD], noEvent))).status).toBe(400);
    const badId = incident('evt-bad', 'incident.resolved', '../../users');
    expect((await postPagerduty(badId)).response.status).toBe(400);
    expect((await inbox()).length).toBe(before);
  });
});

describe('without a secret', () => {
  it('both endpoints answer 404, as if they did not exist', async () => {
    useConfig(WITHOUT_SECRETS);
    try {
      const [push] = githubExamples(['push']);
      expect((await postGithub('push', push!.payload)).response.status).toBe(404);
      expect((await postPagerduty(pagerdutyPing('p'))).response.status).toBe(404);
    } finally {
      useConfig(WITH_SECRETS);
    }
  });
});
