import { describe, expect, it } from 'vitest';
import type { LevelStatus } from '@/metrics/definitions';
import { trendSpecs } from './trend-series';

const week = (from: string, deployments: number, failed: number, status: LevelStatus) => ({
  window: {
    from: `${from}T00:00:00.000Z`,
    to: new Date(Date.parse(`${from}T00:00:00Z`) + 7 * 86_400_000).toISOString(),
  },
  deploymentFrequency: { medianDeployDaysPerWeek: Math.min(deployments, 5), deployments, levelStatus: status },
  leadTimeForChanges: { medianSeconds: null, changes: 0, levelStatus: 'no_data' as const },
  changeFailureRate: { rate: deployments ? failed / deployments : null, levelStatus: status },
  failedDeploymentRecoveryTime: { medianSeconds: null, recovered: 0, levelStatus: 'no_data' as const },
  reworkRate: { rate: deployments ? 0 : null },
});

describe('trend series', () => {
  it('leaves a gap for a week without events and marks a week below the small-sample rule', () => {
    const specs = trendSpecs([
      week('2026-05-04', 20, 2, 'ok'),
      week('2026-05-11', 0, 0, 'no_data'),
      week('2026-05-18', 2, 1, 'not_enough_data'),
    ]);
    const cfr = specs.find((s) => s.id === 'cfr')!;
    expect(cfr.points.map((p) => [p.value, p.small])).toEqual([
      [10, false],
      [null, false], // no deployments: a gap, not 0%
      [50, true], // one failure in two: drawn hollow
    ]);
    expect(cfr.rows[2]!.value).toBe('50.0% · too few events to judge');
    expect(cfr.rows[1]!.value).toBe('—');
  });
});
