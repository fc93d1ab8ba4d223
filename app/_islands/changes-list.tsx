'use client';

import { EmptyState, ErrorState, LoadingState } from '@/components/common/states';
import { ChangesTable } from '@/components/lists/changes-table';
import type { Scope, WindowParams } from '@/lib/query-keys';
import { useChangesQuery } from '@/app/_queries/use-changes-query';

/** Changes deployed in a window, page after page. */
export function ChangesList({ scope, window, caption }: { scope: Scope; window: WindowParams; caption: string }) {
  const query = useChangesQuery(scope, window, null);
  if (query.isError) return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!query.data) return <LoadingState label="Loading changes" height={240} />;
  const rows = query.data.pages.flatMap((p) => p.items);
  if (rows.length === 0)
    return <EmptyState title="No changes deployed in this window">Choose a longer range or another scope.</EmptyState>;
  return (
    <div className="table-wrap">
      <ChangesTable rows={rows} caption={caption} />
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
