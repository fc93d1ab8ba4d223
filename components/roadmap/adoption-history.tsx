import type { ReactNode } from 'react';
import { formatPercent } from '../common/format';

/** A check's daily adoption over the window: the chart (a client leaf, passed in) and the same numbers as a table. */
export function AdoptionHistoryFigure({
  checkName,
  points,
  chart,
}: {
  checkName: string;
  points: { day: string; adoption: number | null }[];
  chart: ReactNode;
}) {
  return (
    <figure className="chart-figure" data-testid="adoption-history">
      <figcaption>
        <h3>Adoption of “{checkName}” over the window</h3>
      </figcaption>
      {points.length < 2 ? (
        <p className="muted small">
          {points.length === 0
            ? 'No daily snapshot of this check falls in the window.'
            : `One snapshot in the window (${points[0]!.day}): a line needs two days.`}
        </p>
      ) : (
        chart
      )}
      <details className="chart-data">
        <summary>Data table</summary>
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Adoption</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.day}>
                <td>{p.day}</td>
                <td className="num">{formatPercent(p.adoption)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
