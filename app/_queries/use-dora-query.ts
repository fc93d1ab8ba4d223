import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DoraReport } from '@/metrics/dora-report';
import { queryKeys, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

/** GET /api/v1/dora: the five metrics of a scope with the previous window. */
export const doraQuery = (scope: Scope, w: WindowParams) =>
  queryOptions({
    queryKey: queryKeys.dora(scope, w),
    queryFn: ({ signal }) =>
      apiGet<DoraReport>('/api/v1/dora', { ...w, team: scope.team, service: scope.service }, signal),
  });

export const useDoraQuery = (scope: Scope, w: WindowParams) => useQuery(doraQuery(scope, w));
