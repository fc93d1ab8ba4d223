import { describe, expect, it } from 'vitest';
import type { RunProgress } from '@/metrics/sync-status';
import { describeRunProgress } from './run-progress-text';

const run = (over: Partial<RunProgress>): RunProgress => ({
  runId: 7,
  status: 'running',
  trigger: 'api',
  startedAt: '2026-06-01T12:00:00.000Z',
  finishedAt: null,
  error: null,
  parts: { total: 0, settled: 0, failed: 0 },
  repositories: { total: 0, done: 0 },
  graphqlPoints: 0,
  restCalls: 0,
  current: [],
  ...over,
});

describe('the progress line of a sync run', () => {
  it('says how many repositories are done of how many, what they cost, and what is being collected now', () => {
    expect(
      describeRunProgress(
        run({
          parts: { total: 303, settled: 14, failed: 0 },
          repositories: { total: 300, done: 12 },
          graphqlPoints: 1234,
          restCalls: 1,
          current: [{ source: 'github', scope: 'acme/api', stream: 'pull-requests' }],
        }),
      ),
    ).toEqual({
      tone: 'busy',
      text: 'Syncing (run 7): 12 of 300 repositories done, 1,234 GraphQL points and 1 REST call spent; now acme/api (pull-requests).',
    });
  });

  it('counts parts when no repository is involved, and names each state', () => {
    expect(describeRunProgress(run({ parts: { total: 2, settled: 1, failed: 0 } })).text).toBe(
      'Syncing (run 7): 1 of 2 parts done.',
    );
    expect(describeRunProgress(run({ status: 'queued' }))).toMatchObject({
      tone: 'busy',
      text: expect.stringMatching(/queued/),
    });
    expect(describeRunProgress(run({ status: 'deriving' })).text).toMatch(/recomputing metrics and scorecards/);
    expect(describeRunProgress(run({ status: 'succeeded' }))).toEqual({ tone: 'ok', text: 'Sync succeeded (run 7).' });
    expect(
      describeRunProgress(run({ status: 'failed', error: 'github acme/x: 502\npagerduty incidents: 401' })),
    ).toEqual({
      tone: 'error',
      text: 'Sync failed (run 7): github acme/x: 502; pagerduty incidents: 401.',
    });
  });
});
