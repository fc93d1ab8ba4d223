'use client';

import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '@/components/common/states';
import { DeploymentsTable } from '@/components/lists/deployments-table';
import type { DeploymentsFilter, Scope, WindowParams } from '@/lib/query-keys';
import { useDeploymentsQuery } from '@/app/_queries/use-deployments-query';
import { DeploymentDetail } from './deployment-detail';

/** Deployments of a scope, page after page, each expandable to its changes and failure evidence. */
export function DeploymentsList({
  scope,
  window,
  filter,
  caption,
  pageSize = 50,
  correction = null,
}: {
  scope: Scope;
  window: WindowParams;
  filter: DeploymentsFilter;
  caption: string;
  pageSize?: number;
  /** Who may correct an incident's attribution from a failed deployment's evidence (as the incidents list). */
  correction?: 'session' | 'token' | null;
}) {
  const query = useDeploymentsQuery(scope, window, filter, pageSize);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  if (query.isError) return <ErrorState message={query.error.message} onRetry={() => void query.refetch()} />;
  if (!query.data) return <LoadingState label="Loading deployments" height={240} />;
  const rows = query.data.pages.flatMap((p) => p.items);
  if (rows.length === 0)
    return (
      <EmptyState
        title={
          filter.failed
            ? 'No failed deployments in this window'
            : filter.rework
              ? 'No rework deployments in this window'
              : 'No deployments in this window'
        }
      >
        Choose a longer range or another scope.
      </EmptyState>
    );
  const toggle = (id: string) =>
    setExpanded((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  return (
    <div className="table-wrap">
      <DeploymentsTable
        rows={rows}
        expanded={expanded}
        onToggle={toggle}
        detail={(row) => <DeploymentDetail row={row} correction={correction} />}
        caption={caption}
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
