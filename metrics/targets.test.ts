import { describe, expect, it } from 'vitest';
import { targetSchema } from '../lib/config-schema';
import { assembleFigures, type FigureParts } from './dora-figures';
import { judgeTargets, targetsOf } from './targets';
import { evaluateThreshold } from './thresholds';

/**
 * Targets worked by hand. The window is the 28 days [2026-05-04, 2026-06-01), four whole weeks.
 * The figures come from counted parts through the same assembly the API uses:
 *   40 deployments, 6 failed → change failure rate 6 ÷ 40 = 15%, 10 a week; 4 recovered, median 2 h;
 *   3 changes only (below the small-sample rule of 5), median lead time 30 min;
 *   2 rework deployments → rework rate 5%.
 */
const window = { from: new Date('2026-05-04T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') };
const day = (n: number) => ({ b7: Math.floor(n / 7), b30: 0, day: n });
const parts: FigureParts = {
  deployments: { deployments: 40, failed: 6, rework: 2, recovered: 4, recovery: 7200 },
  // Deploy days: Monday to Friday of each of the four weeks → 5 a week (elite frequency).
  deploymentDays: [0, 7, 14, 21].flatMap((w) => [0, 1, 2, 3, 4].map((d) => day(w + d))),
  changes: { changes: 3, p: [1800, 2400, 3000] },
  stages: { coding: null, pickup: null, review: null, deploy: null },
  incidents: { incidents: 4, resolved: 4, restore: 5400 },
};
const figures = assembleFigures(parts, window, { minimumSample: 5 });
const rules = { window, historyFrom: null, minimumSample: 5, today: '2026-06-01' };
const target = (t: Record<string, unknown>) => targetSchema.parse(t);

describe('targets judged by hand', () => {
  it('the assembled figures are the ones worked out above', () => {
    expect(figures.changeFailureRate.rate).toBe(0.15);
    expect(figures.deploymentFrequency.perWeek).toBe(10);
    expect(figures.deploymentFrequency.level).toBe('elite');
    expect(figures.changeFailureRate.level).toBe('medium'); // ≤ 15%
  });

  it('on track, off track and not enough data, with reasons in words', () => {
    const judged = judgeTargets(
      [
        target({ team: 'payments', metric: 'changeFailureRate.rate', op: '<=', value: 0.1, due: '2027-06-30' }),
        target({ team: 'payments', metric: 'deploymentFrequency.perWeek', op: '>=', value: 5 }),
        target({ team: 'payments', metric: 'leadTimeForChanges.medianSeconds', op: '<=', value: 3600 }),
        target({ team: 'payments', metric: 'deploymentFrequency.level', op: '>=', value: 'high' }),
        target({ team: 'payments', metric: 'failedDeploymentRecoveryTime.medianSeconds', op: '<', value: 3600 }),
      ],
      figures,
      rules,
    );
    expect(judged.map((t) => [t.id, t.status, t.actual, t.sample])).toEqual([
      ['team:payments:changeFailureRate.rate', 'off_track', 0.15, 40],
      ['team:payments:deploymentFrequency.perWeek', 'on_track', 10, 40],
      // 3 changes < 5: the median (30 min) would meet the target, but it is not judged.
      ['team:payments:leadTimeForChanges.medianSeconds', 'not_enough_data', null, 3],
      ['team:payments:deploymentFrequency.level', 'on_track', 'elite', 40],
      // 4 recoveries < 5.
      ['team:payments:failedDeploymentRecoveryTime.medianSeconds', 'not_enough_data', null, 4],
    ]);
    expect(judged[0]!.goal).toBe('change failure rate ≤ 10%');
    expect(judged[0]!.reason).toBe(
      'change failure rate is 15%, needs ≤ 10% from 2026-05-04 to 2026-05-31 (changeFailureRate.rate)',
    );
    expect(judged[1]!.reason).toBe(
      'deployments per week is 10 from 2026-05-04 to 2026-05-31 (deploymentFrequency.perWeek)',
    );
    expect(judged[2]!.reason).toBe(
      'median lead time rests on 3 events from 2026-05-04 to 2026-05-31 (leadTimeForChanges.medianSeconds), fewer than the 5 the small-sample rule asks',
    );
    expect(judged[0]!.overdue).toBe(false);
  });

  it('a window that starts before the collected history judges nothing', () => {
    const [judged] = judgeTargets([target({ metric: 'changeFailureRate.rate', op: '<=', value: 0.2 })], figures, {
      ...rules,
      historyFrom: new Date('2026-05-10T00:00:00Z'),
    });
    expect(judged).toMatchObject({
      id: 'organisation:changeFailureRate.rate',
      status: 'not_enough_data',
      actual: null,
    });
    expect(judged!.reason).toBe(
      'the window starts before the collected history (from 2026-05-10), so change failure rate is not judged from 2026-05-04 to 2026-05-31',
    );
  });

  it('past its due day and not met: overdue; met: never overdue', () => {
    const judged = judgeTargets(
      [
        target({ metric: 'changeFailureRate.rate', op: '<=', value: 0.1, due: '2026-05-31' }),
        target({ id: 'met', metric: 'changeFailureRate.rate', op: '<=', value: 0.2, due: '2026-05-31' }),
        target({ id: 'due-today', metric: 'changeFailureRate.rate', op: '<=', value: 0.1, due: '2026-06-01' }),
      ],
      figures,
      rules,
    );
    expect(judged.map((t) => [t.status, t.overdue])).toEqual([
      ['off_track', true],
      ['on_track', false],
      ['off_track', false],
    ]);
  });

  it('the evaluator is the scorecard rule’s: without a sample rule a thin figure is judged', () => {
    const thin = { metric: 'leadTimeForChanges.medianSeconds', op: '<=', value: 3600 } as const;
    expect(evaluateThreshold(figures, thin, { window: 'over the last 28 days' })).toEqual({
      outcome: 'pass',
      value: 1800,
      sample: 3,
      reason: 'median lead time is 30 min over the last 28 days',
    });
    expect(evaluateThreshold(figures, thin, { window: 'over the last 28 days', minimumSample: 5 }).outcome).toBe(
      'no_data',
    );
  });

  it('a scope sees only its own targets', () => {
    const all = [
      target({ metric: 'changeFailureRate.rate', op: '<=', value: 0.1 }),
      target({ team: 'payments', metric: 'changeFailureRate.rate', op: '<=', value: 0.1 }),
      target({ service: 'ledger', metric: 'changeFailureRate.rate', op: '<=', value: 0.1 }),
    ];
    expect(targetsOf(all, { type: 'organisation', slug: null }).map((t) => t.id)).toEqual([
      'organisation:changeFailureRate.rate',
    ]);
    expect(targetsOf(all, { type: 'team', slug: 'payments' }).map((t) => t.id)).toEqual([
      'team:payments:changeFailureRate.rate',
    ]);
    expect(targetsOf(all, { type: 'service', slug: 'ledger' }).map((t) => t.id)).toEqual([
      'service:ledger:changeFailureRate.rate',
    ]);
  });
});
