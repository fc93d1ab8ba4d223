import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWebProcess } from '../helpers/web-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * POST /api/v1/sync and GET /api/v1/sync/runs/{id}, the route handlers themselves against a
 * real database. No worker runs here: the web server only queues, so the run stays queued.
 */
let t: TestDatabase;
const runRoute = () => import('../../app/api/v1/sync/runs/[id]/route');
const getRun = async (id: string) =>
  (await runRoute()).GET(new Request(`http://paved.test/api/v1/sync/runs/${id}`), { params: Promise.resolve({ id }) });
const postSync = async (token?: string) =>
  (await import('../../app/api/v1/sync/route')).POST(
    new Request('http://paved.test/api/v1/sync', {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-sync-api-'));
  writeFileSync(path.join(dir, 'paved.yaml'), 'schedule:\n  enabled: false\nserver:\n  adminToken: sync-api-admin\n');
  process.env.PAVED_CONFIG = path.join(dir, 'paved.yaml');
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
});

describe('POST /api/v1/sync', () => {
  it('needs the admin token', async () => {
    expect((await postSync()).status).toBe(401);
    expect((await postSync('wrong')).status).toBe(401);
  });

  it('queues a run and answers 202 at once with its id; a second request joins it', async () => {
    const first = await postSync('sync-api-admin');
    expect(first.status).toBe(202);
    const body = (await first.json()) as { runId: number; status: string; joined: boolean };
    expect(body).toMatchObject({ status: 'queued', joined: false });
    expect(first.headers.get('location')).toBe(`/api/v1/sync/runs/${body.runId}`);
    const second = (await (await postSync('sync-api-admin')).json()) as { runId: number; joined: boolean };
    expect(second).toMatchObject({ runId: body.runId, joined: true });
    const jobs = await t.db
      .selectFrom('pgboss.job' as never)
      .select(['name' as never])
      .execute();
    expect(jobs).toEqual([{ name: 'paved-sync-plan' }]);
    // The deprecated server.adminToken still works, and the audit log names it as the actor.
    const audit = await t.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).orderBy('id').execute();
    expect(audit).toEqual([
      { actor: 'server.adminToken', action: 'sync.request', detail: { runId: body.runId, joined: false } },
      { actor: 'server.adminToken', action: 'sync.request', detail: { runId: body.runId, joined: true } },
    ]);

    const progress = await getRun(String(body.runId));
    expect(progress.status).toBe(200);
    expect(await progress.json()).toMatchObject({
      runId: body.runId,
      status: 'queued',
      parts: { total: 0, settled: 0, failed: 0 },
      current: [],
    });
  });
});

describe('GET /api/v1/sync/runs/{id}', () => {
  it('answers 400 for an id that is not a positive integer and 404 for an unknown run, never 500', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '1e400', '99999999999999999999', '%00', ' 1']) {
      const response = await getRun(id);
      expect(response.status, id).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/positive integer/);
    }
    expect((await getRun('424242')).status).toBe(404);
  });
});
