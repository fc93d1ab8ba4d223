'use client';

import dynamic from 'next/dynamic';
import { formatPercent } from '@/components/common/format';
import { LoadingState } from '@/components/common/states';
import type { HistoryPoint } from '@/components/charts/history-chart';

const HistoryChart = dynamic(() => import('@/components/charts/history-chart').then((m) => m.HistoryChart), {
  ssr: false,
  loading: () => <LoadingState label="Loading chart" height={220} />,
});

/** The scorecard's daily history: a chart (client leaf) and the same numbers as a table. */
export function ScorecardHistory({ points, period }: { points: HistoryPoint[]; period: string }) {
  return (
    <figure className="panel chart-figure">
      <figcaption>
        <h3>Organisation pass rate and average score over time</h3>
        <p className="muted small" data-testid="scorecard-history-period">
          {period}
        </p>
      </figcaption>
      {points.length < 2 ? (
        <p className="muted small">
          History starts on {points[0]?.day ?? 'the first evaluation'}: a line needs two days of snapshots. Paved keeps
          one snapshot a day.
        </p>
      ) : (
        <HistoryChart points={points} />
      )}
      <details className="chart-data" open={points.length < 2}>
        <summary>Data table</summary>
        <table className="table compact" data-testid="scorecard-history-table">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Pass rate</th>
              <th scope="col">Average score</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td className="num">{formatPercent(p.passRate)}</td>
                <td className="num">{formatPercent(p.averageScore)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
