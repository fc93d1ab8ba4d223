import { useQuery } from '@tanstack/react-query';
import type { RunProgress } from '@/metrics/sync-status';
import { apiGet } from './api-fetch';

const FINAL = ['succeeded', 'failed', 'skipped'];

/** GET /api/v1/sync/runs/{id}, every second until the run has ended. */
export function useSyncRunQuery(runId: number | null) {
  return useQuery({
    queryKey: ['sync-run', runId],
    queryFn: ({ signal }) => apiGet<RunProgress>(`/api/v1/sync/runs/${runId}`, {}, signal),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && FINAL.includes(query.state.data.status) ? false : 1000),
  });
}
