import Link from 'next/link';
import { Fragment, type ReactNode } from 'react';
import type { DeploymentRow } from '@/metrics/list-deployments';
import { formatDuration, formatInstant } from '../common/format';

/**
 * Production deployments with their failure evidence. A row expands (button, keyboard
 * reachable) to `detail(row)`: its changes and the incident, rollback or revert behind it.
 */
export function DeploymentsTable({
  rows,
  expanded,
  onToggle,
  detail,
  caption,
}: {
  rows: DeploymentRow[];
  expanded: ReadonlySet<string>;
  onToggle: (id: string) => void;
  detail: (row: DeploymentRow) => ReactNode;
  caption: string;
}) {
  return (
    <table className="table" data-testid="deployments-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Deployed</th>
          <th scope="col">Service</th>
          <th scope="col">Commit</th>
          <th scope="col" className="num">
            Changes
          </th>
          <th scope="col">Lead time (median)</th>
          <th scope="col">Outcome</th>
          <th scope="col">Recovery</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => {
          const open = expanded.has(d.id);
          return (
            <Fragment key={d.id}>
              <tr data-deployment={d.id} data-failed={d.failed}>
                <th scope="row">
                  <button
                    type="button"
                    className="row-toggle"
                    aria-expanded={open}
                    aria-controls={`detail-${d.id}`}
                    onClick={() => onToggle(d.id)}
                  >
                    <span aria-hidden="true">{open ? '▾' : '▸'}</span>{' '}
                    <span className="sr-only">Details of deployment </span>
                    {d.id}
                  </button>{' '}
                  <span className="muted small">{formatInstant(d.deployedAt)}</span>
                </th>
                <td>
                  {d.services.length ? (
                    d.services.map((s, i) => (
                      <Fragment key={s}>
                        {i ? ', ' : ''}
                        <Link prefetch={false} href={`/services/${s}`}>
                          {s}
                        </Link>
                      </Fragment>
                    ))
                  ) : (
                    <span className="muted">{d.repository}</span>
                  )}
                </td>
                <td>
                  <code>{d.commit.slice(0, 7)}</code>
                  {d.kind === 'rollback' ? <span className="pill">rollback</span> : null}
                </td>
                <td className="num">
                  {d.baseline ? (
                    <span className="muted" title="The first deployment collected: its history predates collection">
                      baseline
                    </span>
                  ) : (
                    d.changes
                  )}
                </td>
                <td>{formatDuration(d.medianLeadTimeSeconds)}</td>
                <td>
                  {d.failed ? (
                    d.failureReasons.map((r) => (
                      <span key={r} className="pill pill-bad">
                        failed: {r}
                      </span>
                    ))
                  ) : (
                    <span className="pill pill-good">ok</span>
                  )}
                  {d.rework ? (
                    <span className="pill" title={d.reworkReasons.join(', ')}>
                      rework
                    </span>
                  ) : null}
                  {d.corrections.length ? (
                    <span
                      className="pill"
                      data-testid="deployment-corrected"
                      title={d.corrections
                        .map((c) => `${c.incident} ${c.effect === 'attached' ? 'attached' : 'removed'} by ${c.by}`)
                        .join('; ')}
                    >
                      corrected
                    </span>
                  ) : null}
                </td>
                <td>
                  {d.failed ? (
                    d.recoveredAt ? (
                      formatDuration(d.recoverySeconds)
                    ) : (
                      <span className="pill pill-bad">not recovered</span>
                    )
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
              {open ? (
                <tr className="row-detail" id={`detail-${d.id}`}>
                  <td colSpan={7}>{detail(d)}</td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
