import { WEEK_MS } from '@/lib/clock';
import type { ComparedMetric, ComparisonStatus } from '@/metrics/comparison';
import type { LevelStatus } from '@/metrics/definitions';
import type { TargetStatus } from '@/metrics/targets';
import type { BandedMetric } from '../charts/level-bands';
import { formatDuration, formatNumber, formatShortDay } from '../common/format';

type SeriesPoint = {
  window: { from: string; to: string };
  deploymentFrequency: { medianDeployDaysPerWeek: number; deployments: number; levelStatus: LevelStatus };
  leadTimeForChanges: { medianSeconds: number | null; changes: number; levelStatus: LevelStatus };
  changeFailureRate: { rate: number | null; levelStatus: LevelStatus };
  failedDeploymentRecoveryTime: { medianSeconds: number | null; recovered: number; levelStatus: LevelStatus };
  reworkRate: { rate: number | null };
};

/** Below the small-sample rule: the API withheld the level for too few events (the same rule as the tiles). */
const thin = (status: LevelStatus) => status === 'not_enough_data';

export interface TrendSpec {
  id: string;
  title: string;
  band: BandedMetric | null;
  unit: string;
  points: { label: string; value: number | null; small: boolean }[];
  rows: { label: string; value: string }[];
  /** The compared window's figure as a dashed line, drawn only when the comparison is `ok`. */
  reference: number | null;
  /** What the dashed line is, or why there is none (the tiles' coverage and small-sample rules). */
  referenceNote: string | null;
  /** Targets on the plotted figure, in the chart's unit, drawn as lines. */
  targetLines: { id: string; value: number; label: string }[];
  /** Every target on this metric in words (a level target has no line of its own). */
  targetNotes: string[];
}

/** The window the figures are compared with: its figures, each metric's comparison status, its name. */
export interface ComparedWindow {
  figures: SeriesPoint;
  status: Record<ComparedMetric, ComparisonStatus>;
  label: string;
}

const NOT_DRAWN: Record<Exclude<ComparisonStatus, 'ok'>, string> = {
  partial_coverage: 'only partly collected, not drawn',
  too_few: 'too few events to judge, not drawn',
};

/** A clipped last bucket (a few days) would read as a collapse or a spike: trends plot whole weeks only. */
export const isWholeWeek = (p: { window: { from: string; to: string } }) =>
  Date.parse(p.window.to) - Date.parse(p.window.from) >= WEEK_MS;

const hours = (s: number | null) => (s === null ? null : s / 3600);
const pct = (r: number | null) => (r === null ? null : r * 100);

/** Which figure each chart plots, and how a target on it becomes the chart's unit. */
const PLOTTED: Record<string, { path: string; scale: (v: number) => number }> = {
  'deploy-days': { path: 'deploymentFrequency.medianDeployDaysPerWeek', scale: (v) => v },
  'lead-time': { path: 'leadTimeForChanges.medianSeconds', scale: (v) => v / 3600 },
  cfr: { path: 'changeFailureRate.rate', scale: (v) => v * 100 },
  recovery: { path: 'failedDeploymentRecoveryTime.medianSeconds', scale: (v) => v / 3600 },
  rework: { path: 'reworkRate.rate', scale: (v) => v * 100 },
};

/**
 * The overview's trend charts, in the units their level bands use; with `compared`, each chart's
 * dashed line for the compared window's figure (or the reason it is left out), and the scope's targets.
 */
export function trendSpecs(
  points: readonly SeriesPoint[],
  compared?: ComparedWindow,
  targets: readonly TargetStatus[] = [],
): TrendSpec[] {
  const spec = (
    id: string,
    metric: ComparedMetric,
    title: string,
    band: BandedMetric | null,
    unit: string,
    value: (p: SeriesPoint) => number | null,
    show: (p: SeriesPoint) => string,
    small: (p: SeriesPoint) => boolean,
  ): TrendSpec => ({
    id,
    title,
    band,
    unit,
    ...referenceOf(compared, metric, value, show),
    ...targetsOn(id, targets),
    points: points
      .filter(isWholeWeek)
      .map((p) => ({ label: formatShortDay(p.window.from), value: value(p), small: value(p) !== null && small(p) })),
    rows: points.map((p) => ({
      label: `${p.window.from.slice(0, 10)}${isWholeWeek(p) ? '' : ` (partial, to ${p.window.to.slice(0, 10)}; not plotted)`}`,
      value: `${show(p)}${value(p) !== null && small(p) ? ' · too few events to judge' : ''}`,
    })),
  });
  return [
    spec(
      'deploy-days',
      'deploymentFrequency',
      'Deployment days per week',
      'deployDays',
      'days',
      (p) => p.deploymentFrequency.medianDeployDaysPerWeek,
      (p) => `${p.deploymentFrequency.medianDeployDaysPerWeek} days (${p.deploymentFrequency.deployments} deployments)`,
      (p) => thin(p.deploymentFrequency.levelStatus),
    ),
    spec(
      'lead-time',
      'leadTimeForChanges',
      'Lead time for changes (median, hours)',
      'leadTimeHours',
      'h',
      (p) => hours(p.leadTimeForChanges.medianSeconds),
      (p) => formatDuration(p.leadTimeForChanges.medianSeconds),
      (p) => thin(p.leadTimeForChanges.levelStatus),
    ),
    spec(
      'cfr',
      'changeFailureRate',
      'Change failure rate (%)',
      'changeFailurePercent',
      '%',
      (p) => pct(p.changeFailureRate.rate),
      (p) => (p.changeFailureRate.rate === null ? '—' : `${formatNumber(p.changeFailureRate.rate * 100, 1)}%`),
      (p) => thin(p.changeFailureRate.levelStatus),
    ),
    spec(
      'recovery',
      'failedDeploymentRecoveryTime',
      'Failed deployment recovery time (median, hours)',
      'recoveryHours',
      'h',
      (p) => hours(p.failedDeploymentRecoveryTime.medianSeconds),
      (p) => formatDuration(p.failedDeploymentRecoveryTime.medianSeconds),
      (p) => thin(p.failedDeploymentRecoveryTime.levelStatus),
    ),
    spec(
      'rework',
      'reworkRate',
      'Rework rate (%)',
      null,
      '%',
      (p) => pct(p.reworkRate.rate),
      (p) => (p.reworkRate.rate === null ? '—' : `${formatNumber(p.reworkRate.rate * 100, 1)}%`),
      // Rework rests on the deployments the change failure rate rests on.
      (p) => thin(p.deploymentFrequency.levelStatus),
    ),
  ];
}

function referenceOf(
  compared: ComparedWindow | undefined,
  metric: ComparedMetric,
  value: (p: SeriesPoint) => number | null,
  show: (p: SeriesPoint) => string,
): Pick<TrendSpec, 'reference' | 'referenceNote'> {
  if (!compared) return { reference: null, referenceNote: null };
  const status = compared.status[metric];
  const figure = value(compared.figures);
  if (status !== 'ok') return { reference: null, referenceNote: `${compared.label}: ${NOT_DRAWN[status]}` };
  if (figure === null) return { reference: null, referenceNote: `${compared.label}: no figure` };
  return { reference: figure, referenceNote: `Dashed line: ${compared.label}, ${show(compared.figures)}` };
}

function targetsOn(chart: string, targets: readonly TargetStatus[]): Pick<TrendSpec, 'targetLines' | 'targetNotes'> {
  const plotted = PLOTTED[chart]!;
  const metric = plotted.path.split('.')[0]!;
  const mine = targets.filter((t) => t.metric.startsWith(`${metric}.`));
  return {
    targetLines: mine
      .filter((t) => t.metric === plotted.path && typeof t.value === 'number')
      .map((t) => ({ id: t.id, value: plotted.scale(t.value as number), label: `Target ${t.goal}` })),
    targetNotes: mine.map(
      (t) => `Target: ${t.goal}${t.due ? ` by ${t.due}` : ''}${t.metric === plotted.path ? ' (dashed line)' : ''}`,
    ),
  };
}
