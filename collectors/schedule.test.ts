import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../db/database';
import { parseConfigText } from '../lib/config';
import { createSlowSource, disjoint } from '../tests/helpers/slow-source';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import type { SyncResult } from './runner';
import { createSyncScheduler } from './schedule';

describe('scheduled sync', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('never runs two syncs at once across two app instances sharing a database', async () => {
    // Two "instances": separate pools, separate schedulers, one database; syncs take longer than the interval.
    // A configured source, so the data mode is "collected" and no demo is loaded.
    const loaded = parseConfigText('pagerduty:\n  token: x\n', 'test.yaml', {});
    const slow = createSlowSource(1300);
    const pools = [createDb(t.url, { max: 3 }), createDb(t.url, { max: 3 })];
    const results: SyncResult['status'][] = [];
    const tasks = pools.map((db) =>
      createSyncScheduler({
        getDb: async () => db,
        loadConfig: () => loaded,
        expression: '* * * * * *',
        sources: [slow.source],
        onResult: (r) => results.push(r.status),
      }),
    );
    try {
      await new Promise((r) => setTimeout(r, 6500));
    } finally {
      for (const task of tasks) await task?.destroy();
      await new Promise((r) => setTimeout(r, 1500));
      await Promise.all(pools.map((p) => p.destroy()));
    }
    expect(slow.runs.length).toBeGreaterThanOrEqual(2);
    expect(disjoint(slow.runs)).toBe(true);
    expect(results).toContain('skipped');
    const runs = await t.db
      .selectFrom('sync_runs')
      .select(['started_at', 'finished_at', 'status'])
      .where('status', '=', 'succeeded')
      .execute();
    expect(disjoint(runs.map((r) => ({ start: r.started_at.getTime(), end: r.finished_at!.getTime() })))).toBe(true);
  });

  it('is not registered when schedule.enabled is false', () => {
    const loaded = parseConfigText('schedule:\n  enabled: false\n', 'test.yaml', {});
    expect(createSyncScheduler({ getDb: async () => t.db, loadConfig: () => loaded })).toBeNull();
  });
});
