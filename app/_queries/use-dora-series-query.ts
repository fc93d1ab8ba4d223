import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { getDoraSeries } from '@/metrics/dora-report';
import { queryKeys, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

export type DoraSeries = NonNullable<Awaited<ReturnType<typeof getDoraSeries>>>;

/** GET /api/v1/dora/series: the figures per week or month, for trend charts. */
export const doraSeriesQuery = (scope: Scope, w: WindowParams, interval: 'week' | 'month' = 'week') =>
  queryOptions({
    queryKey: queryKeys.doraSeries(scope, w, interval),
    queryFn: ({ signal }) =>
      apiGet<DoraSeries>('/api/v1/dora/series', { ...w, interval, team: scope.team, service: scope.service }, signal),
    placeholderData: keepPreviousData,
  });

export const useDoraSeriesQuery = (scope: Scope, w: WindowParams, interval: 'week' | 'month' = 'week') =>
  useQuery(doraSeriesQuery(scope, w, interval));
