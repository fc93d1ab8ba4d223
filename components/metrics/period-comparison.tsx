import Link from 'next/link';
import type { ComparedMetric } from '@/metrics/comparison';
import type { DoraFigures } from '@/metrics/dora';
import type { DoraReport } from '@/metrics/dora-report';
import { formatDuration, formatNumber, formatPercent } from '../common/format';
import { LevelBadge } from '../common/level-badge';
import { describeMetricChange } from './metric-tiles';

type Row = {
  id: ComparedMetric;
  name: string;
  value: (f: DoraFigures) => string;
  level: (
    f: DoraFigures,
  ) => { level: string | null; levelStatus: DoraFigures['changeFailureRate']['levelStatus'] } | null;
};

/** The five DORA metrics as the tiles show them: value, and level where the benchmark has one. */
const ROWS: Row[] = [
  {
    id: 'deploymentFrequency',
    name: 'Deployment frequency',
    value: (f) => `${formatNumber(f.deploymentFrequency.perWeek, 1)} per week`,
    level: (f) => f.deploymentFrequency,
  },
  {
    id: 'leadTimeForChanges',
    name: 'Lead time for changes (median)',
    value: (f) => formatDuration(f.leadTimeForChanges.medianSeconds),
    level: (f) => f.leadTimeForChanges,
  },
  {
    id: 'changeFailureRate',
    name: 'Change failure rate',
    value: (f) => formatPercent(f.changeFailureRate.rate),
    level: (f) => f.changeFailureRate,
  },
  {
    id: 'failedDeploymentRecoveryTime',
    name: 'Failed deployment recovery time (median)',
    value: (f) => formatDuration(f.failedDeploymentRecoveryTime.medianSeconds),
    level: (f) => f.failedDeploymentRecoveryTime,
  },
  { id: 'reworkRate', name: 'Rework rate', value: (f) => formatPercent(f.reworkRate.rate), level: () => null },
];

const days = (w: { from: string; to: string }) =>
  `${w.from.slice(0, 10)} to ${new Date(Date.parse(w.to) - 1).toISOString().slice(0, 10)}`;

function Figure({ figures, row }: { figures: DoraFigures; row: Row }) {
  const level = row.level(figures);
  return (
    <>
      <span data-testid="period-value">{row.value(figures)}</span>{' '}
      {level ? <LevelBadge level={level.level} status={level.levelStatus} size="sm" /> : null}
    </>
  );
}

/**
 * One scope's five metrics in its window and in the window it is compared with, side by side,
 * with each change under the tiles' coverage and small-sample rules (`report.comparison`).
 */
export function PeriodComparison({
  title,
  href,
  report,
  testId,
}: {
  title: string;
  href: string;
  report: DoraReport;
  testId: string;
}) {
  return (
    <section className="section" aria-labelledby={`period-${testId}`} data-scope={testId}>
      <h2 className="section-title" id={`period-${testId}`}>
        <Link prefetch={false} href={href}>
          {title}
        </Link>
      </h2>
      <div className="table-wrap">
        <table className="table" data-testid="period-comparison">
          <caption className="small muted">
            {days(report.window)} compared with {days(report.previous.window)} (UTC, whole days)
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">{days(report.window)}</th>
              <th scope="col">{days(report.previous.window)}</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => {
              const change = describeMetricChange(report.comparison, row.id, report.coverage.historyFrom);
              return (
                <tr key={row.id} data-metric={row.id}>
                  <th scope="row">{row.name}</th>
                  <td data-period="current">
                    <Figure figures={report} row={row} />
                  </td>
                  <td data-period="previous">
                    <Figure figures={report.previous} row={row} />
                  </td>
                  <td className={`change-${change?.tone ?? 'same'}`} data-comparison={report.comparison[row.id].status}>
                    {change?.text ?? 'No previous figure to compare'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
