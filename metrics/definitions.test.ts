import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  changeFailureRateLevel,
  deploymentFrequencyLevel,
  leadTimeLevel,
  METRICS,
  recoveryTimeLevel,
} from './definitions';
import { medianDeploymentDays, percentileCont } from './stats';

const DAY = 86400;

describe('metric definitions', () => {
  it('docs/metrics.md documents every metric of the registry', () => {
    const docs = readFileSync('docs/metrics.md', 'utf8');
    for (const metric of METRICS) expect(docs).toContain(metric.name);
    expect(docs).toContain('dora-2023');
  });

  it.each([
    [5, 0, 10, 'elite'],
    [4.5, 30, 10, 'high'],
    [1, 4, 10, 'high'],
    [0, 1, 3, 'medium'],
    [0, 0.5, 1, 'low'],
    [0, 0, 0, null],
  ])('deployment frequency: %d days/week, %d days/month, %d deployments → %s', (week, month, n, level) => {
    expect(deploymentFrequencyLevel(week, month, n)).toBe(level);
  });

  it.each([
    [DAY - 1, 'elite'],
    [DAY, 'high'],
    [7 * DAY - 1, 'high'],
    [7 * DAY, 'medium'],
    [30 * DAY, 'low'],
    [null, null],
  ])('lead time median %s s → %s', (seconds, level) => expect(leadTimeLevel(seconds)).toBe(level));

  it.each([
    [0.05, 'elite'],
    [0.0501, 'high'],
    [0.1, 'high'],
    [0.15, 'medium'],
    [0.1501, 'low'],
    [null, null],
  ])('change failure rate %s → %s', (rate, level) => expect(changeFailureRateLevel(rate)).toBe(level));

  it.each([
    [3599, 'elite'],
    [3600, 'high'],
    [DAY, 'medium'],
    [7 * DAY, 'low'],
  ])('recovery time %d s → %s', (seconds, level) => expect(recoveryTimeLevel(seconds)).toBe(level));

  it('percentiles interpolate like percentile_cont', () => {
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([1, 3, 6, 11], 0.75)).toBe(7.25);
    expect(percentileCont([7], 0.9)).toBe(7);
    expect(percentileCont([], 0.5)).toBeNull();
  });

  it('median deployment days per week uses complete buckets only, or the single partial one', () => {
    const from = new Date('2026-03-02T00:00:00Z');
    const days = [
      { bucket: 0, day: '2026-03-02' },
      { bucket: 0, day: '2026-03-03' },
      { bucket: 1, day: '2026-03-10' },
      { bucket: 2, day: '2026-03-16' }, // in the partial third week: ignored
    ];
    expect(medianDeploymentDays(days, from, new Date('2026-03-18T00:00:00Z'), 7)).toBe(1.5);
    expect(
      medianDeploymentDays(
        [
          { bucket: 0, day: '2026-03-02' },
          { bucket: 0, day: '2026-03-03' },
        ],
        from,
        new Date('2026-03-05T00:00:00Z'),
        7,
      ),
    ).toBe(2);
  });
});
