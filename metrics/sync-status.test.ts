import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { getSyncStatus } from './sync-status';

describe('sync status', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await t.drop();
  });

  it('reports the last run and the API budget spent in the last 24 hours', async () => {
    vi.stubEnv('PAVED_NOW', '2026-06-02T12:00:00Z');
    const run = (startedAt: string, status: 'succeeded' | 'failed' | 'skipped', cost: object) =>
      t.db
        .insertInto('sync_runs')
        .values({
          trigger: 'schedule',
          full_sync: false,
          status,
          started_at: startedAt,
          finished_at: startedAt,
          api_cost: JSON.stringify(cost),
        })
        .execute();
    await run('2026-06-01T06:00:00Z', 'succeeded', { github: { graphqlPoints: 500, restCalls: 9 } }); // more than 24 h ago
    await run('2026-06-02T00:00:00Z', 'succeeded', {
      github: { graphqlPoints: 40, restCalls: 3 },
      pagerduty: { graphqlPoints: 0, restCalls: 8 },
    });
    await run('2026-06-02T11:00:00Z', 'failed', { github: { graphqlPoints: 2, restCalls: 0 } });
    await run('2026-06-02T11:30:00Z', 'skipped', {});
    const status = await getSyncStatus(t.db);
    expect(status.lastRun).toMatchObject({
      status: 'failed',
      startedAt: '2026-06-02T11:00:00.000Z',
      apiCost: { github: { graphqlPoints: 2, restCalls: 0 } },
    });
    expect(status.apiCostLast24h).toEqual({
      github: { graphqlPoints: 42, restCalls: 3 },
      pagerduty: { graphqlPoints: 0, restCalls: 8 },
    });
  });
});
