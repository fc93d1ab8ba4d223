import { comparisonLabel } from '@/lib/filters';
import type { ComparedMetric, Comparison, Comparisons } from '@/metrics/comparison';
import type { DoraFigures } from '@/metrics/dora';
import type { DoraReport } from '@/metrics/dora-report';
import { countOf, formatDay, formatDuration, formatNumber, formatPercent } from '../common/format';
import type { MetricTileProps } from './metric-tile';
import { isWholeWeek } from './trend-series';

type Points = { window: { from: string; to: string } } & DoraFigures;

/**
 * How a figure moved since the previous window, as the API judged it (`report.comparison`):
 * the arrow follows the number, the tone whether that is good for this metric. A previous window
 * the collected history does not cover gets no figure; one resting on too few events gets its
 * figure but no verdict.
 */
export function describeChange(
  comparison: Comparison,
  lowerIsBetter: boolean,
  noun: [string, string],
  historyFrom: string | null = null,
): MetricTileProps['change'] {
  if (comparison.status === 'partial_coverage') {
    const since = historyFrom ? ` (history from ${formatDay(historyFrom)})` : '';
    return {
      text: `previous window only partly collected${since}`,
      tone: 'same',
      direction: 'none',
      status: 'partial_coverage',
    };
  }
  if (comparison.change === null) return null;
  const points = comparison.unit === 'points';
  const rounded = Math.round(comparison.change * 10) / 10;
  if (rounded === 0) return { text: 'no change', tone: 'same', direction: 'flat', status: comparison.status };
  const direction = rounded > 0 ? 'up' : 'down';
  const figure = `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toFixed(1)}${points ? ' pts' : '%'}`;
  if (comparison.status === 'too_few') {
    const [one, many] = noun;
    const { current, previous } = comparison.samples;
    return {
      text: `${figure} (too few to judge: ${countOf(current, one, many)} vs ${formatNumber(previous)})`,
      tone: 'same',
      direction,
      status: 'too_few',
    };
  }
  const better = lowerIsBetter ? rounded < 0 : rounded > 0;
  return {
    text: `${figure} (${better ? 'better' : 'worse'})`,
    tone: better ? 'better' : 'worse',
    direction,
    status: 'ok',
  };
}

/** Which way is better for each compared metric, and what its events are called. */
const CHANGE_SPEC: Record<ComparedMetric, { lowerIsBetter: boolean; noun: [string, string] }> = {
  deploymentFrequency: { lowerIsBetter: false, noun: ['deployment', 'deployments'] },
  leadTimeForChanges: { lowerIsBetter: true, noun: ['change', 'changes'] },
  changeFailureRate: { lowerIsBetter: true, noun: ['deployment', 'deployments'] },
  failedDeploymentRecoveryTime: { lowerIsBetter: true, noun: ['recovery', 'recoveries'] },
  timeToRestore: { lowerIsBetter: true, noun: ['incident', 'incidents'] },
  reworkRate: { lowerIsBetter: true, noun: ['deployment', 'deployments'] },
};

/** {@link describeChange} of one metric of a report's `comparison`. */
export const describeMetricChange = (
  comparisons: Comparisons,
  metric: ComparedMetric,
  historyFrom: string | null = null,
) => describeChange(comparisons[metric], CHANGE_SPEC[metric].lowerIsBetter, CHANGE_SPEC[metric].noun, historyFrom);

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
  const cmp = report.comparison;
  const since = report.coverage.historyFrom;
  const previousLabel = comparisonLabel({ compare: report.previous.compare, days });
  const trend = (f: (p: Points) => number | null) => points.map(f);
  const label = (name: string, f: (p: Points) => string) => `${name} per whole week: ${points.map(f).join(', ')}`;
  const df = report.deploymentFrequency;
  const lt = report.leadTimeForChanges;
  const cfr = report.changeFailureRate;
  const rec = report.failedDeploymentRecoveryTime;
  const rw = report.reworkRate;
  const targets = (metric: string) => report.targets.filter((t) => t.metric.startsWith(`${metric}.`));
  return [
    {
      id: 'deploymentFrequency',
      targets: targets('deploymentFrequency'),
      name: 'Deployment frequency',
      value: formatNumber(df.perWeek, 1),
      unit: 'per week',
      level: df.level,
      levelStatus: df.levelStatus,
      benchmark: report.benchmark,
      previousLabel,
      change: describeMetricChange(cmp, 'deploymentFrequency', since),
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
      targets: targets('leadTimeForChanges'),
      name: 'Lead time for changes',
      value: formatDuration(lt.medianSeconds),
      unit: 'median',
      level: lt.level,
      levelStatus: lt.levelStatus,
      benchmark: report.benchmark,
      previousLabel,
      change: describeMetricChange(cmp, 'leadTimeForChanges', since),
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
      targets: targets('changeFailureRate'),
      name: 'Change failure rate',
      value: formatPercent(cfr.rate),
      unit: 'of deployments',
      level: cfr.level,
      levelStatus: cfr.levelStatus,
      benchmark: report.benchmark,
      previousLabel,
      change: describeMetricChange(cmp, 'changeFailureRate', since),
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
      targets: targets('failedDeploymentRecoveryTime'),
      name: 'Failed deployment recovery time',
      value: formatDuration(rec.medianSeconds),
      unit: 'median',
      level: rec.level,
      levelStatus: rec.levelStatus,
      benchmark: report.benchmark,
      previousLabel,
      change: describeMetricChange(cmp, 'failedDeploymentRecoveryTime', since),
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
      targets: targets('reworkRate'),
      name: 'Rework rate',
      value: formatPercent(rw.rate),
      unit: 'of deployments',
      level: null,
      levelStatus: 'ok',
      benchmark: null,
      previousLabel,
      change: describeMetricChange(cmp, 'reworkRate', since),
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
