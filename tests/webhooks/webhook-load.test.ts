import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWebProcess } from '../helpers/web-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { serveHandler } from './loopback';
import { forRepository, githubExamples, githubSignature } from './payloads';

/**
 * Load on loopback: 1,000 GitHub deliveries (5% of them repeated) sent open-loop to the route
 * handler over HTTP, spread over 55 seconds, against a real database and queue. Every one is
 * acknowledged, none is lost, and each repository gets one re-read for the
 * debounce window (longer than the test here).
 */
const SECRET = 'load-secret';
const REPOSITORIES = 20;
const DELIVERIES = 1000;
const DUPLICATES = 50;
const SPREAD_MS = 55_000;

let t: TestDatabase;
let server: Awaited<ReturnType<typeof serveHandler>>;

beforeAll(async () => {
  t = await createTestDatabase();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-load-')), 'paved.yaml');
  writeFileSync(
    file,
    'github:\n  token: unused\n  organizations: [acme]\n  webhookSecret: ${LOAD_HOOK}\n' +
      'webhooks:\n  debounceSeconds: 300\nschedule:\n  enabled: false\n',
  );
  Object.assign(process.env, { LOAD_HOOK: SECRET, PAVED_CONFIG: file, DATABASE_URL: t.url });
  const { POST } = await import('../../app/api/v1/webhooks/github/route');
  server = await serveHandler(POST);
});
afterAll(async () => {
  await server?.close();
  await closeWebProcess();
  await t.drop();
});

describe('1,000 deliveries on loopback, 5% repeated', () => {
  // The acknowledgement times are a benchmark's (bench/webhook-freshness.bench.ts): on a shared machine they vary.
  it('are all acknowledged, none lost, one re-read per repository per window', async () => {
    const pushes = githubExamples(['push']).filter((e) => (e.payload.ref as string).startsWith('refs/heads/'));
    const unique = await Promise.all(
      Array.from({ length: DELIVERIES - DUPLICATES }, async (_, i) => {
        const repo = { owner: 'acme', name: `svc-${i % REPOSITORIES}`, defaultBranch: 'master' };
        const { payload } = forRepository(pushes[i % pushes.length]!, repo);
        const body = JSON.stringify({ ...payload, ref: 'refs/heads/master' });
        return { id: `load-${i}`, body, signature: githubSignature(SECRET, body), repo: `acme/${repo.name}` };
      }),
    );
    // Every 19th delivery is sent again a little later (GitHub's redelivery, or a retry after a timeout).
    const sends = unique.flatMap((d, i) => (i % 19 === 0 && i / 19 < DUPLICATES ? [d, d] : [d]));
    expect(sends).toHaveLength(DELIVERIES);

    // The first request opens the web process's queue client (once per process): not timed.
    const warm = await fetch(`${server.url}/api/v1/webhooks/github`, {
      method: 'POST',
      headers: {
        'x-github-event': 'ping',
        'x-github-delivery': 'warm-up',
        'x-hub-signature-256': githubSignature(SECRET, '{}'),
      },
      body: '{}',
    });
    expect(warm.status).toBe(202);
    const started = performance.now();
    const results = await Promise.all(
      sends.map(async (d, i) => {
        await new Promise((r) => setTimeout(r, (i * SPREAD_MS) / DELIVERIES));
        const response = await fetch(`${server.url}/api/v1/webhooks/github`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'push',
            'x-github-delivery': d.id,
            'x-hub-signature-256': d.signature,
          },
          body: d.body,
        });
        const body = (await response.json()) as { outcome: string; job?: string };
        return { status: response.status, ...body, repo: d.repo };
      }),
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(65_000);
    expect(results.filter((r) => r.status !== 202)).toEqual([]);
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(DUPLICATES);

    // None lost: every distinct delivery is in the inbox, with the job of its repository.
    const inbox = await t.db.selectFrom('webhook_deliveries').select(['delivery_id', 'target', 'job_id']).execute();
    expect(inbox.filter((r) => r.delivery_id !== 'warm-up')).toHaveLength(DELIVERIES - DUPLICATES);
    expect(new Set(inbox.map((r) => r.delivery_id))).toEqual(new Set([...unique.map((d) => d.id), 'warm-up']));
    const jobs = (
      (await t.db
        .selectFrom('pgboss.job' as never)
        .select(['id' as never, 'data' as never])
        .where('name' as never, '=', 'paved-sync-part' as never)
        .execute()) as { id: string; data: { kind: string; target: string } }[]
    ).filter((job) => job.data.kind === 'refresh');
    expect(jobs).toHaveLength(REPOSITORIES);
    const jobOf = new Map(jobs.map((j) => [j.data.target, j.id]));
    for (const row of inbox.filter((r) => r.target)) expect(row.job_id, row.delivery_id).toBe(jobOf.get(row.target!));
    // Counted per hour: a run that crosses an hour's start has two rows (CI split 50 as 38 + 12 once).
    const duplicates = await t.db
      .selectFrom('webhook_counts')
      .select('count')
      .where('outcome', '=', 'duplicate')
      .execute();
    expect(duplicates.reduce((sum, row) => sum + row.count, 0)).toBe(DUPLICATES);
  }, 120_000);
});
