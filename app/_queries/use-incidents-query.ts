import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { IncidentRow } from '@/metrics/list-incidents';
import { queryKeys, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

export type IncidentsPage = { items: IncidentRow[]; nextCursor: string | null };

/** GET /api/v1/incidents: incidents of a scope created in the window, with attribution. */
export const incidentsQuery = (scope: Scope, w: WindowParams) =>
  infiniteQueryOptions({
    queryKey: queryKeys.incidents(scope, w),
    queryFn: ({ pageParam, signal }) =>
      apiGet<IncidentsPage>(
        '/api/v1/incidents',
        { ...w, team: scope.team, service: scope.service, cursor: pageParam, limit: 50 },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useIncidentsQuery = (scope: Scope, w: WindowParams) => useInfiniteQuery(incidentsQuery(scope, w));
