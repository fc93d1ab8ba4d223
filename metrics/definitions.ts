/**
 * The one registry of metric definitions: it feeds the API, the UI and docs/metrics.md.
 * Level cut-offs are the benchmark `dora-2023`: the 2023 State of DevOps report's
 * values made monotonic (its published clusters overlap).
 */
export const BENCHMARK = 'dora-2023' as const;
export const LEVELS = ['elite', 'high', 'medium', 'low'] as const;
export type Level = (typeof LEVELS)[number];

/**
 * Why a metric has the level it has: `ok` (levelled), `no_data` (nothing to level),
 * `not_enough_data` (fewer events than the small-sample rule asks; the value is still shown),
 * `deploy_signals_only` (a change failure rate without an incident source: rollbacks and reverts only).
 */
export const LEVEL_STATUSES = ['ok', 'no_data', 'not_enough_data', 'deploy_signals_only'] as const;
export type LevelStatus = (typeof LEVEL_STATUSES)[number];

/**
 * A level under the small-sample rule: withheld when it rests on fewer than `minimumSample` events.
 * @example withSampleRule('low', 2, 5) // → { level: null, levelStatus: 'not_enough_data' }
 */
export function withSampleRule(
  level: Level | null,
  sample: number,
  minimumSample: number,
): { level: Level | null; levelStatus: LevelStatus } {
  if (level === null) return { level: null, levelStatus: 'no_data' };
  if (sample < minimumSample) return { level: null, levelStatus: 'not_enough_data' };
  return { level, levelStatus: 'ok' };
}

const HOUR = 3600;
const DAY = 24 * HOUR;

export const METRICS = [
  {
    id: 'deploymentFrequency',
    name: 'Deployment frequency',
    unit: 'deployments per week',
    direction: 'higher-is-better',
    levels:
      'elite: median deployment days per week ≥ 5; high: ≥ 1; medium: median deployment days per 30 days ≥ 1; else low',
    description:
      'Production deployments with deploy time in the window, per week; levelled by how many distinct days a week see a deployment.',
  },
  {
    id: 'leadTimeForChanges',
    name: 'Lead time for changes',
    unit: 'seconds',
    direction: 'lower-is-better',
    levels: 'by median: elite < 1 day; high < 7 days; medium < 30 days; else low',
    description: 'For each change deployed in the window: deploy time minus its first commit’s authored time.',
  },
  {
    id: 'changeFailureRate',
    name: 'Change failure rate',
    unit: 'ratio',
    direction: 'lower-is-better',
    levels: 'elite ≤ 5%; high ≤ 10%; medium ≤ 15%; else low',
    description: 'Failed production deployments (incident, rollback or revert) ÷ production deployments in the window.',
  },
  {
    id: 'failedDeploymentRecoveryTime',
    name: 'Failed deployment recovery time',
    unit: 'seconds',
    direction: 'lower-is-better',
    levels: 'by median: elite < 1 hour; high < 1 day; medium < 7 days; else low',
    description: 'For failed deployments in the window: recovery instant minus deploy time.',
  },
  {
    id: 'timeToRestore',
    name: 'Time to restore service',
    unit: 'seconds',
    direction: 'lower-is-better',
    levels: 'no level',
    description: 'Median of resolved minus created over incidents created in the window and resolved.',
  },
  {
    id: 'reworkRate',
    name: 'Rework rate',
    unit: 'ratio',
    direction: 'lower-is-better',
    levels: 'no level',
    description:
      'Deployments that are rollbacks, contain a revert or a hotfix, or ship while an incident is open ÷ deployments.',
  },
] as const;

export function deploymentFrequencyLevel(
  medianDaysPerWeek: number,
  medianDaysPerMonth: number,
  deployments: number,
): Level | null {
  if (deployments === 0) return null;
  if (medianDaysPerWeek >= 5) return 'elite';
  if (medianDaysPerWeek >= 1) return 'high';
  if (medianDaysPerMonth >= 1) return 'medium';
  return 'low';
}

export function leadTimeLevel(medianSeconds: number | null): Level | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < DAY) return 'elite';
  if (medianSeconds < 7 * DAY) return 'high';
  if (medianSeconds < 30 * DAY) return 'medium';
  return 'low';
}

export function changeFailureRateLevel(rate: number | null): Level | null {
  if (rate === null) return null;
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function recoveryTimeLevel(medianSeconds: number | null): Level | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return 'elite';
  if (medianSeconds < DAY) return 'high';
  if (medianSeconds < 7 * DAY) return 'medium';
  return 'low';
}
