/**
 * The dora-2023 cut-offs (metrics/definitions.ts, docs/metrics.md) as chart bands, in the
 * unit each trend chart plots. level-bands.test.ts checks every edge against the level
 * functions, so the bands cannot drift from the definitions.
 */
export interface LevelBand {
  level: 'elite' | 'high' | 'medium' | 'low';
  from: number;
  /** null: unbounded above. */
  to: number | null;
  label: string;
}

export type BandedMetric = 'deployDays' | 'leadTimeHours' | 'changeFailurePercent' | 'recoveryHours';

export const LEVEL_BANDS: Record<BandedMetric, LevelBand[]> = {
  // Deployment days per week: elite ≥ 5, high ≥ 1; below 1 a week, medium or low depends on the month.
  deployDays: [
    { level: 'elite', from: 5, to: null, label: 'Elite ≥ 5 days/week' },
    { level: 'high', from: 1, to: 5, label: 'High ≥ 1 day/week' },
    { level: 'medium', from: 0, to: 1, label: 'Medium or low < 1 day/week' },
  ],
  leadTimeHours: [
    { level: 'elite', from: 0, to: 24, label: 'Elite < 1 day' },
    { level: 'high', from: 24, to: 168, label: 'High < 7 days' },
    { level: 'medium', from: 168, to: 720, label: 'Medium < 30 days' },
    { level: 'low', from: 720, to: null, label: 'Low ≥ 30 days' },
  ],
  changeFailurePercent: [
    { level: 'elite', from: 0, to: 5, label: 'Elite ≤ 5%' },
    { level: 'high', from: 5, to: 10, label: 'High ≤ 10%' },
    { level: 'medium', from: 10, to: 15, label: 'Medium ≤ 15%' },
    { level: 'low', from: 15, to: null, label: 'Low > 15%' },
  ],
  recoveryHours: [
    { level: 'elite', from: 0, to: 1, label: 'Elite < 1 hour' },
    { level: 'high', from: 1, to: 24, label: 'High < 1 day' },
    { level: 'medium', from: 24, to: 168, label: 'Medium < 7 days' },
    { level: 'low', from: 168, to: null, label: 'Low ≥ 7 days' },
  ],
};
