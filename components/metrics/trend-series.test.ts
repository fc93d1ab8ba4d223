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

  it('draws the compared window as a dashed line only where the comparison holds, and says why not elsewhere', () => {
    const points = [week('2026-05-04', 20, 2, 'ok'), week('2026-05-11', 10, 1, 'ok')];
    const specs = trendSpecs(points, {
      figures: week('2026-02-02', 40, 8, 'ok'),
      status: {
        deploymentFrequency: 'ok',
        leadTimeForChanges: 'ok',
        changeFailureRate: 'ok',
        failedDeploymentRecoveryTime: 'too_few',
        timeToRestore: 'too_few',
        reworkRate: 'partial_coverage',
      },
      label: 'the same days a quarter earlier',
    });
    const by = (id: string) => specs.find((s) => s.id === id)!;
    expect(by('cfr')).toMatchObject({
      reference: 20,
      referenceNote: 'Dashed line: the same days a quarter earlier, 20.0%',
    });
    expect(by('recovery')).toMatchObject({
      reference: null,
      referenceNote: 'the same days a quarter earlier: too few events to judge, not drawn',
    });
    expect(by('rework')).toMatchObject({
      reference: null,
      referenceNote: 'the same days a quarter earlier: only partly collected, not drawn',
    });
    // Without a compared window, no line and no note.
    expect(trendSpecs(points).every((s) => s.reference === null && s.referenceNote === null)).toBe(true);
  });
});
