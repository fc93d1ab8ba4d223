import { queryOptions } from '@tanstack/react-query';
import type { listServices, listTeams } from '@/metrics/catalog-views';
import type { DoraReport } from '@/metrics/dora-report';
import { queryKeys, type WindowParams } from '../query-keys';
import { apiGet } from './api-fetch';

/** The body of GET /api/v1/teams/{slug}: the team (without its row id), its services, its figures. */
export type TeamView = Omit<Awaited<ReturnType<typeof listTeams>>[number], 'id' | 'services'> & {
  services: Awaited<ReturnType<typeof listServices>>;
  dora: DoraReport;
};

/** GET /api/v1/teams/{slug}: a team, its services and its pooled DORA figures. */
export const teamQuery = (slug: string, w: WindowParams) =>
  queryOptions({
    queryKey: queryKeys.team(slug, w),
    queryFn: ({ signal }) => apiGet<TeamView>(`/api/v1/teams/${encodeURIComponent(slug)}`, w, signal),
  });
