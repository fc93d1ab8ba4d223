import { queryOptions, useQuery } from '@tanstack/react-query';
import type { getDataQuality } from '@/metrics/data-quality';
import { queryKeys } from '../query-keys';
import { apiGet } from './api-fetch';

export type DataQuality = Awaited<ReturnType<typeof getDataQuality>>;

/** GET /api/v1/data-quality: what the figures leave out, and the last sync per source. */
export const dataQualityQuery = () =>
  queryOptions({
    queryKey: queryKeys.dataQuality(),
    queryFn: ({ signal }) => apiGet<DataQuality>('/api/v1/data-quality', {}, signal),
  });

export const useDataQualityQuery = () => useQuery(dataQualityQuery());
