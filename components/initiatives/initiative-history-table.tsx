import type { InitiativeDetail } from '@/scorecards/initiatives/get-initiatives';
import { formatPercent } from '../common/format';

/** The chart's numbers as a table: pairs done per day, overall and per team. */
export function InitiativeHistoryTable({
  history,
  teams,
}: {
  history: InitiativeDetail['history'];
  teams: InitiativeDetail['perTeam'];
}) {
  const byTeam = teams.map((t) => new Map(t.history.map((p) => [p.day, p])));
  return (
    <details className="chart-data">
      <summary>Data table</summary>
      <table className="table compact" data-testid="initiative-history-table">
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">All teams</th>
            {teams.map((t) => (
              <th key={t.team} scope="col">
                {t.team}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {history.map((p) => (
            <tr key={p.day}>
              <td>{p.day}</td>
              <td className="num">
                {formatPercent(p.rate, 0)} ({p.done}/{p.total})
              </td>
              {byTeam.map((m, i) => (
                <td key={teams[i]!.team} className="num">
                  {formatPercent(m.get(p.day)?.rate, 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
