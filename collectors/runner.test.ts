import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/database';
import { freePort } from '../db/embedded';
import { parseConfigText } from '../lib/config';
import { createSlowSource } from '../tests/helpers/slow-source';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { runSync } from './runner';

const noSources = parseConfigText('{}', 'test.yaml', {});

describe('sync runner', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('with no source configured, succeeds and still derives the catalog', async () => {
    const result = await runSync({ db: t.db, loaded: noSources, trigger: 'cli' });
    expect(result.status).toBe('succeeded');
    const run = await t.db
      .selectFrom('sync_runs')
      .selectAll()
      .where('id', '=', result.runId!)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'cli', error: null });
    expect(run.finished_at).not.toBeNull();
  });

  it('lets only one of two concurrent syncs on one database run; the other is skipped', async () => {
    const other = createDb(t.url, { max: 2 });
    const slow = createSlowSource(800);
    try {
      const [a, b] = await Promise.all([
        runSync({ db: t.db, loaded: noSources, trigger: 'cli', sources: [slow.source] }),
        new Promise((r) => setTimeout(r, 100)).then(() =>
          runSync({ db: other, loaded: noSources, trigger: 'schedule', sources: [slow.source] }),
        ),
      ]);
      expect([a.status, b.status].sort()).toEqual(['skipped', 'succeeded']);
      expect(slow.runs).toHaveLength(1);
      // The lock is released afterwards: the next sync runs.
      expect((await runSync({ db: other, loaded: noSources, trigger: 'cli', sources: [slow.source] })).status).toBe(
        'succeeded',
      );
    } finally {
      await other.destroy();
    }
  });

  it('marks a run left "running" by a dead process as interrupted', async () => {
    const { id } = await t.db
      .insertInto('sync_runs')
      .values({ trigger: 'cli', full_sync: false, status: 'running', started_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await runSync({ db: t.db, loaded: noSources, trigger: 'cli' });
    const stale = await t.db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stale.status).toBe('failed');
    expect(stale.error).toMatch(/interrupted/);
  });

  it('fails with a readable reason, and records it, when GitHub is unreachable', async () => {
    const port = await freePort();
    const loaded = parseConfigText(
      `github:\n  token: ghp_secret_value_1234\n  apiUrl: http://127.0.0.1:${port}\n  organizations: [acme]\n`,
      'test.yaml',
      {},
    );
    const result = await runSync({ db: t.db, loaded, trigger: 'cli' });
    expect(result.status).toBe('failed');
    expect(result.errors[0]).toMatch(
      new RegExp(`^github: GitHub API at http://127.0.0.1:${port} is unreachable \\(ECONNREFUSED\\)`),
    );
    const run = await t.db
      .selectFrom('sync_runs')
      .select(['status', 'error'])
      .where('id', '=', result.runId!)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error).not.toContain('ghp_secret_value_1234');
  });
});
