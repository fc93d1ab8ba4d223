import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { getRunProgress, getSyncStatus } from './sync-status';

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
    expect(status.activeRunId).toBeNull();
  });

  it('names the run under way apart from the last finished one, and reads its progress from its parts', async () => {
    const { id } = await t.db
      .insertInto('sync_runs')
      .values({ trigger: 'api', full_sync: false, status: 'running', started_at: '2026-06-02T11:40:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const part = (scope: string, status: 'queued' | 'running' | 'done' | 'failed', points: number, jobId = 'j') =>
      t.db
        .insertInto('sync_run_parts')
        .values({
          run_id: id,
          source: 'github',
          scope,
          status,
          graphql_points: points,
          job_id: jobId,
          stream: status === 'running' ? 'pull-requests' : null,
        })
        .execute();
    await part('repositories', 'done', 3, 'plan');
    await part('acme/a', 'done', 10);
    await part('acme/b', 'failed', 4);
    await part('acme/c', 'running', 2);
    await part('acme/d', 'queued', 0);
    const status = await getSyncStatus(t.db);
    expect(status.activeRunId).toBe(id);
    expect(status.lastRun?.status).toBe('failed');
    expect(await getRunProgress(t.db, id)).toMatchObject({
      status: 'running',
      parts: { total: 5, settled: 3, failed: 1 },
      repositories: { total: 4, done: 2 },
      graphqlPoints: 19,
      current: [{ source: 'github', scope: 'acme/c', stream: 'pull-requests' }],
    });
    expect(await getRunProgress(t.db, id + 1000)).toBeNull();
  });
});
