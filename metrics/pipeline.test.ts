import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPipelineRuns, upsertRepositories } from '../db/writes/github';
import { readRawItems } from '../tests/helpers/csv';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { getPipelineFigures } from './pipeline';

interface RawRun {
  id: number;
  run_attempt: number;
  workflow_id: number;
  name: string;
  path: string;
  event: string;
  head_branch: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  run_started_at: string;
  updated_at: string;
}

/**
 * The 35 real Actions runs of panjf2000/ants from DevLake's fixture (rows edited by DevLake
 * so that every status and conclusion appears). Expected figures were worked out from the
 * CSV by hand: 23 runs carry a verdict (success, failure, timed_out, startup_failure),
 * 18 of them success; the successful runs' durations (updated_at − run_started_at) sorted
 * have 67 s and 68 s in the middle, so the median is 67.5 s.
 */
describe('getPipelineFigures on the ants Actions runs', () => {
  let t: TestDatabase;
  let repositoryId: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    repositoryId = (
      await upsertRepositories(t.db, [
        { full_name: 'panjf2000/ants', owner: 'panjf2000', name: 'ants', source: 'github' },
      ])
    ).get('panjf2000/ants')!;
    const runs = readRawItems<RawRun>('devlake-github/github/raw_tables/_raw_github_api_runs.csv');
    await upsertPipelineRuns(
      t.db,
      runs.map((r) => ({
        repository_id: repositoryId,
        run_id: r.id,
        attempt: r.run_attempt,
        workflow_id: r.workflow_id,
        workflow_name: r.name,
        workflow_path: r.path,
        event: r.event,
        branch: r.head_branch,
        head_sha: r.head_sha,
        status: r.status,
        conclusion: r.conclusion || null,
        html_url: r.html_url,
        created_at: r.created_at,
        started_at: r.run_started_at,
        completed_at: r.conclusion ? r.updated_at : null,
        updated_at: r.updated_at,
      })),
    );
  });
  afterAll(() => t.drop());

  const all = { from: new Date('2022-01-01T00:00:00Z'), to: new Date('2023-01-01T00:00:00Z') };

  it('counts verdicts, ignoring cancelled, skipped, neutral, stale and unfinished runs', async () => {
    expect(await getPipelineFigures(t.db, { repositoryIds: [repositoryId], ...all })).toEqual({
      runs: 35,
      finished: 23,
      succeeded: 18,
      successRate: 18 / 23,
      medianDurationSeconds: 67.5,
    });
  });

  it('filters by workflow name or file, branch and window', async () => {
    expect(await getPipelineFigures(t.db, { repositoryIds: [repositoryId], ...all, workflow: 'Tests' })).toMatchObject({
      runs: 3,
      finished: 2,
      succeeded: 2,
      medianDurationSeconds: 363.5,
    });
    expect(await getPipelineFigures(t.db, { repositoryIds: [repositoryId], ...all, workflow: 'ci.yml' })).toMatchObject(
      { runs: 3, finished: 2 },
    );
    expect(await getPipelineFigures(t.db, { repositoryIds: [repositoryId], ...all, branch: 'master' })).toMatchObject({
      runs: 17,
      finished: 15,
      succeeded: 13,
      medianDurationSeconds: 64,
    });
    expect(
      await getPipelineFigures(t.db, {
        repositoryIds: [repositoryId],
        from: new Date('2022-07-01T00:00:00Z'),
        to: all.to,
      }),
    ).toMatchObject({ runs: 10, finished: 10, succeeded: 10, successRate: 1, medianDurationSeconds: 65.5 });
  });

  it('counts a re-run once, at its latest attempt', async () => {
    const first = {
      repository_id: repositoryId,
      run_id: 1,
      attempt: 1,
      workflow_name: 'Tests',
      status: 'completed',
      conclusion: 'failure',
      created_at: '2022-12-01T00:00:00Z',
      started_at: '2022-12-01T00:00:00Z',
      completed_at: '2022-12-01T00:05:00Z',
      updated_at: '2022-12-01T00:05:00Z',
    };
    await upsertPipelineRuns(t.db, [
      first,
      { ...first, attempt: 2, conclusion: 'success', completed_at: '2022-12-01T00:04:00Z' },
    ]);
    expect(
      await getPipelineFigures(t.db, {
        repositoryIds: [repositoryId],
        from: new Date('2022-12-01T00:00:00Z'),
        to: all.to,
      }),
    ).toEqual({ runs: 1, finished: 1, succeeded: 1, successRate: 1, medianDurationSeconds: 240 });
    expect(await getPipelineFigures(t.db, { repositoryIds: [], ...all })).toMatchObject({ runs: 0, successRate: null });
  });
});
