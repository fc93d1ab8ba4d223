'use client';

import { EmptyState, ErrorState, LoadingState } from '@/components/common/states';
import { IncidentsTable } from '@/components/lists/incidents-table';
import type { Scope, WindowParams } from '@/lib/query-keys';
import { useIncidentsQuery } from '@/app/_queries/use-incidents-query';

/** Incidents created in a window, page after page. */
export function IncidentsList({ scope, window, caption }: { scope: Scope; window: WindowParams; caption: string }) {
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
      <IncidentsTable rows={rows} caption={caption} />
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
