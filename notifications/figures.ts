import { formatDuration, formatNumber, formatPercent } from '../lib/format';
import { METRICS } from '../metrics/definitions';
import { COMPARED, type Comparison } from '../metrics/comparison';
import type { DoraFigures } from '../metrics/dora-figures';
import type { DigestMetric, MetricLine } from './message';

const levelOf = (f: DoraFigures, metric: DigestMetric) => {
  const figure = f[metric] as { level?: MetricLine['level']; levelStatus?: MetricLine['levelStatus'] };
  return { level: figure.level ?? null, levelStatus: figure.levelStatus ?? ('no_data' as const) };
};

/** One metric of a digest: both windows' values (the ones the comparison compares) and levels, and the comparison under its rules. */
export function metricLine(
  metric: DigestMetric,
  current: DoraFigures,
  previous: DoraFigures,
  comparison: Comparison,
): MetricLine {
  const definition = METRICS.find((m) => m.id === metric)!;
  const { level, levelStatus } = levelOf(current, metric);
  const change = comparison.change;
  const lowerIsBetter = definition.direction === 'lower-is-better';
  const verdict =
    comparison.status !== 'ok' || change === null
      ? null
      : change === 0
        ? 'same'
        : change < 0 === lowerIsBetter
          ? 'better'
          : 'worse';
  return {
    metric,
    name: definition.name,
    value: COMPARED[metric].value(current),
    previous: COMPARED[metric].value(previous),
    level,
    levelStatus,
    previousLevel: levelOf(previous, metric).level,
    comparison: { status: comparison.status, change, unit: comparison.unit },
    verdict,
  };
}

/** A figure as every message writes it: "4.5 a week", "2.1 d", "12.5%". */
export function formatFigure(metric: DigestMetric, value: number | null): string {
  if (metric === 'deploymentFrequency') return value === null ? '—' : `${formatNumber(value, 1)} a week`;
  if (metric === 'changeFailureRate' || metric === 'reworkRate') return formatPercent(value);
  return formatDuration(value);
}

/** The change from the previous period, or why none is judged. */
export function formatChange(line: Pick<MetricLine, 'comparison' | 'verdict'>): string {
  const { status, change, unit } = line.comparison;
  if (status === 'partial_coverage') return 'no comparison (history starts within the previous period)';
  if (change === null) return 'no comparison (nothing to compare)';
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±';
  const size = unit === 'points' ? `${formatNumber(Math.abs(change), 1)} pts` : `${formatNumber(Math.abs(change), 0)}%`;
  if (status === 'too_few') return `${sign}${size} (too few events to judge)`;
  return `${sign}${size}${line.verdict ? `, ${line.verdict}` : ''}`;
}

/** "high", or why there is no level: not enough data, no data, deploy signals only. */
export function formatLevel(line: Pick<MetricLine, 'level' | 'levelStatus'>): string {
  if (line.level) return line.level;
  return (
    { ok: '—', no_data: 'no data', not_enough_data: 'not enough data', deploy_signals_only: 'deploy signals only' }[
      line.levelStatus
    ] ?? '—'
  );
}
