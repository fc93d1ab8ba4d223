import type { ReactNode } from 'react';
import type { IncidentRow } from '@/metrics/list-incidents';
import { formatDuration, formatInstant } from '../common/format';

/**
 * Incidents with time to restore and the deployment each was attributed to, and why; a person's
 * correction is shown with who made it and why, and `correct` renders the control to make one.
 */
export function IncidentsTable({
  rows,
  caption,
  correct,
}: {
  rows: IncidentRow[];
  caption: string;
  correct?: (row: IncidentRow) => ReactNode;
}) {
  return (
    <table className="table" data-testid="incidents-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Incident</th>
          <th scope="col">Service</th>
          <th scope="col">Created</th>
          <th scope="col">Status</th>
          <th scope="col">Time to restore</th>
          <th scope="col">Attributed to</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((i) => (
          <tr key={i.id} id={`incident-${i.id}`} data-incident={i.id}>
            <th scope="row">
              {i.url ? (
                <a href={i.url} rel="noreferrer">
                  #{i.number ?? i.id}
                </a>
              ) : (
                `#${i.number ?? i.id}`
              )}{' '}
              {i.title}{' '}
              <span className="pill">
                {i.urgency}
                {i.priority ? ` · ${i.priority}` : ''}
              </span>
              {i.counted ? null : (
                <span className="pill" title="Excluded by the urgency or priority filter">
                  not counted
                </span>
              )}
            </th>
            <td>{i.services.join(', ')}</td>
            <td>{formatInstant(i.createdAt)}</td>
            <td>{i.status}</td>
            <td>{formatDuration(i.timeToRestoreSeconds)}</td>
            <td className="small">
              {i.attributedDeployment ? (
                <>
                  <code>{i.attributedDeployment.id}</code>{' '}
                  <span className="muted">{i.attributedDeployment.reason}</span>
                </>
              ) : (
                <span className="muted">no deployment</span>
              )}
              {i.override ? (
                <p className="small" data-testid="incident-override">
                  <span className="pill">corrected</span>{' '}
                  {i.override.action === 'attach' ? 'attached by hand' : 'not caused by a change'}: {i.override.reason}{' '}
                  <span className="muted">
                    ({i.override.by}, {formatInstant(i.override.at)})
                  </span>
                </p>
              ) : null}
              {correct?.(i)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
