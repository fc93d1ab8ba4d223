'use client';

import { EmptyState, ErrorState, LoadingState } from '@/components/common/states';
import { IncidentOverrideForm } from '@/components/lists/incident-override-form';
import { IncidentsTable } from '@/components/lists/incidents-table';
import type { IncidentRow } from '@/metrics/list-incidents';
import { useIncidentOverrideMutation } from '@/app/_queries/use-incident-override-mutation';
import type { Scope, WindowParams } from '@/lib/query-keys';
import { useIncidentsQuery } from '@/app/_queries/use-incidents-query';

/** The correction control of one incident (the incidents list and a failed deployment's evidence). */
export function CorrectIncident({ row, askToken }: { row: IncidentRow; askToken: boolean }) {
  const mutation = useIncidentOverrideMutation(row);
  const message = mutation.isError
    ? { tone: 'error' as const, text: mutation.error.message }
    : mutation.isSuccess
      ? { tone: 'ok' as const, text: 'Saved: the figures follow once the metrics are recomputed.' }
      : null;
  return (
    <IncidentOverrideForm
      incident={row.id}
      hasOverride={row.override !== null}
      askToken={askToken}
      pending={mutation.isPending}
      message={message}
      onSubmit={(s) => mutation.mutate(s)}
    />
  );
}

/**
 * Incidents created in a window, page after page. `correction`: who may correct attribution here
 * (`session`: an admin signed in; `token`: anyone with an admin token typed in; null: nobody).
 */
export function IncidentsList({
  scope,
  window,
  caption,
  correction = null,
}: {
  scope: Scope;
  window: WindowParams;
  caption: string;
  correction?: 'session' | 'token' | null;
}) {
  const query = useIncidentsQuery(scope, window);
  if (query.isError) return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!query.data) return <LoadingState label="Loading incidents" height={200} />;
  const rows = query.data.pages.flatMap((p) => p.items);
  if (rows.length === 0)
    return (
      <EmptyState title="No incidents in this window">
        Nothing paged for these services, or no PagerDuty service is linked to them.
      </EmptyState>
    );
  return (
    <div className="table-wrap">
      <IncidentsTable
        rows={rows}
        caption={caption}
        correct={correction ? (row) => <CorrectIncident row={row} askToken={correction === 'token'} /> : undefined}
      />
      <div className="list-footer">
        <span data-testid="rows-shown">{rows.length} shown</span>
        {query.hasNextPage ? (
          <button
            type="button"
            className="button secondary"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <span>All rows shown</span>
        )}
      </div>
    </div>
  );
}
