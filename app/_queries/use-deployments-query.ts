import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { DeploymentRow } from '@/metrics/list-deployments';
import { queryKeys, type DeploymentsFilter, type Scope, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

export type DeploymentsPage = { items: DeploymentRow[]; nextCursor: string | null };

/** GET /api/v1/deployments, page after page (keyset cursor), optionally failed or rework ones only. */
export const deploymentsQuery = (scope: Scope, w: WindowParams, filter: DeploymentsFilter, pageSize = 50) =>
  infiniteQueryOptions({
    queryKey: queryKeys.deployments(scope, w, filter, pageSize),
    queryFn: ({ pageParam, signal }) =>
      apiGet<DeploymentsPage>(
        '/api/v1/deployments',
        {
          ...w,
          team: scope.team,
          service: scope.service,
          failed: filter.failed,
          rework: filter.rework,
          cursor: pageParam,
          limit: pageSize,
        },
        signal,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const useDeploymentsQuery = (scope: Scope, w: WindowParams, filter: DeploymentsFilter, pageSize = 50) =>
  useInfiniteQuery(deploymentsQuery(scope, w, filter, pageSize));
