import type { DoraReport } from '@/metrics/dora-report';
import { countOf, formatDuration, formatNumber, formatPercent } from '../common/format';
import type { MetricTileProps } from './metric-tile';
import { isWholeWeek } from './trend-series';

type Points = { window: { from: string; to: string } } & Omit<
  DoraReport,
  'scope' | 'window' | 'benchmark' | 'previous'
>;

/** Below this many events on either side, a change is shown but not called better or worse. */
export const MIN_CHANGE_SAMPLES = 5;

/**
 * Relative change for magnitudes, percentage points for rates; the arrow follows the number,
 * the tone whether that is good for this metric. `samples` (events behind each side, and
 * their name) flags a change resting on too few events, such as one recovery against one.
 */
export function describeChange(
  current: number | null,
  previous: number | null,
  kind: 'relative' | 'points',
  lowerIsBetter: boolean,
  samples?: { current: number; previous: number; noun: [string, string] },
): MetricTileProps['change'] {
  if (current === null || previous === null) return null;
  const delta =
    kind === 'points' ? (current - previous) * 100 : previous === 0 ? null : ((current - previous) / previous) * 100;
  if (delta === null) return null;
  const rounded = Math.round(delta * 10) / 10;
  if (rounded === 0) return { text: 'no change', tone: 'same', direction: 'flat' };
  const direction = rounded > 0 ? 'up' : 'down';
  const figure = `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}${kind === 'points' ? ' pts' : '%'}`;
  if (samples && Math.min(samples.current, samples.previous) < MIN_CHANGE_SAMPLES) {
    const [one, many] = samples.noun;
    return {
      text: `${figure} (too few to judge: ${countOf(samples.current, one, many)} vs ${formatNumber(samples.previous)})`,
      tone: 'same',
      direction,
    };
  }
  const better = lowerIsBetter ? rounded < 0 : rounded > 0;
  return { text: `${figure} (${better ? 'better' : 'worse'})`, tone: better ? 'better' : 'worse', direction };
}

/**
 * The five tiles of a scope (DORA 2024's five metrics) from a report and its weekly series.
 * `drill(extra)` builds the list-page URL of the rows behind a figure.
 */
export function metricTiles(
  report: DoraReport,
  allPoints: readonly Points[],
  drill: (path: string, extra?: Record<string, string>) => string,
  days: number,
): MetricTileProps[] {
  const points = allPoints.filter(isWholeWeek);
  const prev = report.previous;
  const previousLabel = `vs previous ${days} days`;
  const trend = (f: (p: Points) => number | null) => points.map(f);
  const label = (name: string, f: (p: Points) => string) => `${name} per whole week: ${points.map(f).join(', ')}`;
  const df = report.deploymentFrequency;
  const lt = report.leadTimeForChanges;
  const cfr = report.changeFailureRate;
  const rec = report.failedDeploymentRecoveryTime;
  const rw = report.reworkRate;
  return [
    {
      id: 'deploymentFrequency',
      name: 'Deployment frequency',
      value: formatNumber(df.perWeek, 1),
      unit: 'per week',
      level: df.level,
      benchmark: report.benchmark,
      previousLabel,
      change: describeChange(
        df.perWeek,
        prev.deploymentFrequency.deployments ? prev.deploymentFrequency.perWeek : null,
        'relative',
        false,
      ),
      detail: {
        text: `${formatNumber(df.deployments)} deployments · ${formatNumber(df.medianDeployDaysPerWeek, 1)} deploy days/week`,
        href: drill('/deployments'),
        testId: 'drill-deployments',
      },
      trend: trend((p) => p.deploymentFrequency.deployments),
      trendLabel: label('Deployments', (p) => String(p.deploymentFrequency.deployments)),
    },
    {
      id: 'leadTimeForChanges',
      name: 'Lead time for changes',
      value: formatDuration(lt.medianSeconds),
      unit: 'median',
      level: lt.level,
      benchmark: report.benchmark,
      previousLabel,
      change: describeChange(lt.medianSeconds, prev.leadTimeForChanges.medianSeconds, 'relative', true, {
        current: lt.changes,
        previous: prev.leadTimeForChanges.changes,
        noun: ['change', 'changes'],
      }),
      detail: {
        text: `${formatNumber(lt.changes)} changes · p90 ${formatDuration(lt.p90Seconds)}`,
        href: drill('/changes'),
        testId: 'drill-changes',
      },
      trend: trend((p) => p.leadTimeForChanges.medianSeconds),
      trendLabel: label('Median lead time', (p) => formatDuration(p.leadTimeForChanges.medianSeconds)),
    },
    {
      id: 'changeFailureRate',
      name: 'Change failure rate',
      value: formatPercent(cfr.rate),
      unit: 'of deployments',
      level: cfr.level,
      benchmark: report.benchmark,
      previousLabel,
      change: describeChange(cfr.rate, prev.changeFailureRate.rate, 'points', true, {
        current: cfr.deployments,
        previous: prev.changeFailureRate.deployments,
        noun: ['deployment', 'deployments'],
      }),
      detail: {
        text: `${formatNumber(cfr.failedDeployments)} failed of ${formatNumber(cfr.deployments)}`,
        href: drill('/deployments', { failed: 'true' }),
        testId: 'drill-failed-deployments',
      },
      trend: trend((p) => p.changeFailureRate.rate),
      trendLabel: label('Change failure rate', (p) => formatPercent(p.changeFailureRate.rate)),
    },
    {
      id: 'failedDeploymentRecoveryTime',
      name: 'Failed deployment recovery time',
      value: formatDuration(rec.medianSeconds),
      unit: 'median',
      level: rec.level,
      benchmark: report.benchmark,
      previousLabel,
      change: describeChange(rec.medianSeconds, prev.failedDeploymentRecoveryTime.medianSeconds, 'relative', true, {
        current: rec.recovered,
        previous: prev.failedDeploymentRecoveryTime.recovered,
        noun: ['recovery', 'recoveries'],
      }),
      detail: {
        text: `${formatNumber(rec.recovered)} of ${formatNumber(rec.failedDeployments)} failures recovered`,
        href: drill('/deployments', { failed: 'true' }),
        testId: 'drill-recovery',
      },
      trend: trend((p) => p.failedDeploymentRecoveryTime.medianSeconds),
      trendLabel: label('Median recovery time', (p) => formatDuration(p.failedDeploymentRecoveryTime.medianSeconds)),
    },
    {
      id: 'reworkRate',
      name: 'Rework rate',
      value: formatPercent(rw.rate),
      unit: 'of deployments',
      level: null,
      benchmark: null,
      previousLabel,
      change: describeChange(rw.rate, prev.reworkRate.rate, 'points', true, {
        current: rw.deployments,
        previous: prev.reworkRate.deployments,
        noun: ['deployment', 'deployments'],
      }),
      detail: {
        text: `${formatNumber(rw.reworkDeployments)} rework of ${formatNumber(rw.deployments)}`,
        href: drill('/deployments', { rework: 'true' }),
        testId: 'drill-rework',
      },
      trend: trend((p) => p.reworkRate.rate),
      trendLabel: label('Rework rate', (p) => formatPercent(p.reworkRate.rate)),
    },
  ];
}
