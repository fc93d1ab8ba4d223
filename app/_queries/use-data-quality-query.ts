import { queryOptions, useQuery } from '@tanstack/react-query';
import type { DataQuality } from '@/metrics/data-quality';
import { queryKeys } from '@/lib/query-keys';
import { apiGet } from './api-fetch';

/** GET /api/v1/data-quality: what the figures leave out, and the last sync per source. */
export const dataQualityQuery = () =>
  queryOptions({
    queryKey: queryKeys.dataQuality(),
    queryFn: ({ signal }) => apiGet<DataQuality>('/api/v1/data-quality', {}, signal),
  });

export const useDataQualityQuery = () => useQuery(dataQualityQuery());
