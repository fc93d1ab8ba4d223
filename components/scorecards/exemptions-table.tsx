import Link from 'next/link';
import type { ScorecardDetail } from '@/scorecards/read/get-scorecard';
import { EmptyState } from '../common/states';

/** Exemptions with their reason and expiry; expired ones are kept and marked. */
export function ExemptionsTable({
  exemptions,
  checkNames,
  serviceNames,
}: {
  exemptions: ScorecardDetail['exemptions'];
  checkNames: Record<string, string>;
  serviceNames: Record<string, string>;
}) {
  if (exemptions.length === 0) return <EmptyState title="No exemptions">Every check applies as written.</EmptyState>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="exemptions-table">
        <caption>Exemptions granted in the scorecards file.</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Check</th>
            <th scope="col">Reason</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {exemptions.map((e) => (
            <tr key={`${e.service}/${e.checkId}`}>
              <th scope="row">
                <Link href={`/services/${e.service}#scorecards`}>{serviceNames[e.service] ?? e.service}</Link>
              </th>
              <td>{checkNames[e.checkId] ?? e.checkId}</td>
              <td className="small">{e.reason}</td>
              <td>
                {e.expires}{' '}
                {e.expired ? <span className="pill pill-bad">expired</span> : <span className="pill">active</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
