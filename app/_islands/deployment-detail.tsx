'use client';

import { WEEK_MS } from '@/lib/clock';
import { formatInstant } from '@/components/common/format';
import { ChangesTable } from '@/components/lists/changes-table';
import { ErrorState, LoadingState } from '@/components/common/states';
import type { DeploymentRow } from '@/metrics/list-deployments';
import { useChangesQuery } from '@/app/_queries/use-changes-query';
import { useIncidentsQuery } from '@/app/_queries/use-incidents-query';
import { CorrectIncident } from './incidents-list';

/** The people's corrections that changed this deployment's incidents, with who, when and why. */
function Corrections({ row }: { row: DeploymentRow }) {
  if (row.corrections.length === 0) return null;
  return (
    <ul className="small" data-testid="deployment-corrections">
      {row.corrections.map((c) => (
        <li key={`${c.incident}-${c.effect}`}>
          <span className="pill">corrected</span> Incident <code>{c.incident}</code>{' '}
          {c.effect === 'attached'
            ? 'attached to this deployment by hand'
            : c.action === 'attach'
              ? 'moved to another deployment'
              : 'marked not caused by a change'}
          : {c.reason}{' '}
          <span className="muted">
            ({c.by}, {formatInstant(c.at)})
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What one deployment shipped, for a failure the evidence behind it, and the corrections that
 * changed it. `correction`: who may correct an incident's attribution from here (as the incidents list).
 */
export function DeploymentDetail({
  row,
  correction = null,
}: {
  row: DeploymentRow;
  correction?: 'session' | 'token' | null;
}) {
  const window = { from: row.deployedAt, to: new Date(Date.parse(row.deployedAt) + 1000).toISOString() };
  const changes = useChangesQuery({}, window, row.id);
  return (
    <div className="deployment-detail">
      {row.failed ? <FailureEvidence row={row} correction={correction} /> : null}
      <Corrections row={row} />
      {changes.isError ? (
        <ErrorState message={changes.error.message} onRetry={() => void changes.refetch()} />
      ) : !changes.data ? (
        <LoadingState label="Loading changes" height={60} />
      ) : changes.data.pages[0]!.items.length === 0 ? (
        <p className="muted small">
          {row.baseline
            ? 'A baseline deployment: its history predates collection, so it ships no counted changes.'
            : 'No changes attributed to this deployment.'}
        </p>
      ) : (
        <ChangesTable
          compact
          rows={changes.data.pages.flatMap((p) => p.items)}
          caption={`Changes shipped by ${row.id} (${row.repository} @ ${row.commit.slice(0, 7)})`}
        />
      )}
    </div>
  );
}

function FailureEvidence({ row, correction }: { row: DeploymentRow; correction: 'session' | 'token' | null }) {
  const service = row.services[0];
  const incidentIds = row.incidents.map((k) => k.split(':').slice(1).join(':'));
  // Incidents are attributed within the attribution window after the deployment; a week covers the default.
  const incidents = useIncidentsQuery(
    { service },
    { from: row.deployedAt, to: new Date(Date.parse(row.deployedAt) + WEEK_MS).toISOString() },
  );
  const found = incidents.data?.pages.flatMap((p) => p.items).filter((i) => incidentIds.includes(i.id)) ?? [];
  return (
    <div className="callout" data-testid="failure-evidence">
      <p className="state-title">Why this deployment counts as failed</p>
      <ul>
        {row.incidents.length ? (
          <li>
            Incident{row.incidents.length > 1 ? 's' : ''}:{' '}
            {found.length
              ? found.map((i) => (
                  <span key={i.id}>
                    {i.url ? (
                      <a href={i.url} rel="noreferrer">
                        #{i.number ?? i.id}
                      </a>
                    ) : (
                      `#${i.id}`
                    )}{' '}
                    “{i.title}” ({i.status}, created {formatInstant(i.createdAt)}) — {i.attributedDeployment?.reason}{' '}
                    {correction ? <CorrectIncident row={i} askToken={correction === 'token'} /> : null}
                  </span>
                ))
              : row.incidents.join(', ')}
          </li>
        ) : null}
        {row.rolledBackBy ? (
          <li>
            Rolled back by deployment <code>{row.rolledBackBy}</code>
          </li>
        ) : null}
        {row.revertedBy ? (
          <li>
            Reverted by <code>{row.revertedBy}</code>
          </li>
        ) : null}
        <li>{row.recoveredAt ? `Recovered ${formatInstant(row.recoveredAt)}` : 'Not recovered yet'}</li>
      </ul>
    </div>
  );
}
