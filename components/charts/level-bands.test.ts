import { describe, expect, it } from 'vitest';
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  recoveryTimeLevel,
} from '@/metrics/definitions';
import { LEVEL_BANDS } from './level-bands';

const HOUR = 3600;

// Each band's level must be what the definition says just inside both of its edges.
describe('chart level bands match metrics/definitions.ts', () => {
  it.each([
    ['leadTimeHours', (h: number) => leadTimeLevel(h * HOUR)],
    ['recoveryHours', (h: number) => recoveryTimeLevel(h * HOUR)],
    ['changeFailurePercent', (p: number) => changeFailureRateLevel(p / 100)],
  ] as const)('%s', (metric, level) => {
    for (const band of LEVEL_BANDS[metric]) {
      const inside =
        metric === 'changeFailurePercent'
          ? [band.from + 0.001, band.to ?? band.from + 50]
          : [band.from, (band.to ?? band.from + 1000) - 0.001];
      for (const v of inside) expect(level(v), `${metric} ${v}`).toBe(band.level);
    }
  });

  it('deployDays', () => {
    for (const band of LEVEL_BANDS.deployDays) {
      const v = band.from;
      // A month with a deployment day keeps a week below 1 day at medium.
      expect(deploymentFrequencyLevel(v === 0 ? 0.5 : v, 1, 1)).toBe(band.level);
      if (band.to !== null) expect(deploymentFrequencyLevel(band.to - 0.001, 1, 1)).toBe(band.level);
    }
  });
});
