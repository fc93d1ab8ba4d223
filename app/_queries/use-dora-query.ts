import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DoraReport } from '@/metrics/dora-report';
import type { ComparisonPeriod } from '@/lib/comparison-window';
import { queryKeys, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

/** GET /api/v1/dora: the five metrics of a scope with the window they are compared with. */
export const doraQuery = (scope: Scope, w: WindowParams, compare: ComparisonPeriod) =>
  queryOptions({
    queryKey: queryKeys.dora(scope, w, compare),
    queryFn: ({ signal }) =>
      apiGet<DoraReport>('/api/v1/dora', { ...w, compare, team: scope.team, service: scope.service }, signal),
  });

export const useDoraQuery = (scope: Scope, w: WindowParams, compare: ComparisonPeriod) =>
  useQuery(doraQuery(scope, w, compare));
