import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { serviceFigures } from '@/metrics/responses';
import { queryKeys, type WindowParams } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

type ServiceFigures = z.output<typeof serviceFigures>;

/** GET /api/v1/dora/services: every service's (or one team's) row of the services list. */
const serviceFiguresQuery = (team: string | null, w: WindowParams) =>
  queryOptions({
    queryKey: queryKeys.serviceFigures(team, w),
    queryFn: ({ signal }) => apiGet<ServiceFigures>('/api/v1/dora/services', { ...w, team }, signal),
  });

/** The whole list, asked for only when the page rendered part of it (`enabled`). */
export const useServiceFiguresQuery = (team: string | null, w: WindowParams, enabled: boolean) =>
  useQuery({ ...serviceFiguresQuery(team, w), enabled });
