import Link from 'next/link';
import type { InitiativeSummary } from '@/scorecards/initiatives/get-initiatives';
import { formatPercent } from '../common/format';
import { InitiativeStatus } from './initiative-status';

/** Every initiative: owner, deadline, progress, who is late or behind, status. */
export function InitiativesTable({ initiatives }: { initiatives: InitiativeSummary[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="initiatives-table">
        <thead>
          <tr>
            <th scope="col">Initiative</th>
            <th scope="col">Owner</th>
            <th scope="col">Deadline</th>
            <th scope="col" className="num">
              Done
            </th>
            <th scope="col">Teams late or behind</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {initiatives.map((i) => (
            <tr key={i.id} data-initiative={i.id}>
              <th scope="row">
                <Link href={`/initiatives/${i.id}`}>{i.title}</Link>
                <div className="muted small">{i.checks.map((c) => c.name).join(' · ')}</div>
              </th>
              <td>{i.ownerTeam ? <Link href={`/teams/${i.ownerTeam}`}>{i.owner}</Link> : i.owner}</td>
              <td>{i.deadline}</td>
              <td className="num">
                {formatPercent(i.rate, 0)}{' '}
                <span className="muted small">
                  {i.done}/{i.total}
                </span>
              </td>
              <td data-testid="teams-behind">
                {i.teamsBehind.length === 0
                  ? '—'
                  : i.teamsBehind.map((b) => (
                      <span key={b.team} className="pill pill-bad" title={`${b.left} left`}>
                        {b.team} ({b.status === 'late' ? 'late' : 'behind'})
                      </span>
                    ))}
              </td>
              <td>
                <InitiativeStatus status={i.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
