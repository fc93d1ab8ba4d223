import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { ChangeRow } from '@/metrics/list-changes';
import { queryKeys, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

export type ChangesPage = { items: ChangeRow[]; nextCursor: string | null };

/** GET /api/v1/changes: changes deployed in the window, or the changes of one deployment. */
export const changesQuery = (scope: Scope, w: WindowParams, deployment: string | null) =>
  infiniteQueryOptions({
    queryKey: queryKeys.changes(scope, w, deployment),
    queryFn: ({ pageParam, signal }) =>
      apiGet<ChangesPage>(
        '/api/v1/changes',
        { ...w, team: scope.team, service: scope.service, deployment, cursor: pageParam, limit: 50 },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useChangesQuery = (scope: Scope, w: WindowParams, deployment: string | null, enabled = true) =>
  useInfiniteQuery({ ...changesQuery(scope, w, deployment), enabled });
