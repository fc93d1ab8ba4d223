import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError } from './api-fetch';

export type SyncResponse = { runId: number | null; status: 'succeeded' | 'failed' | 'skipped'; errors: string[] };

/**
 * POST /api/v1/sync with the admin token the user typed. The token lives only in the
 * form's state and this request; it is never stored or rendered.
 */
export function useSyncMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) => {
      const response = await fetch('/api/v1/sync', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json().catch(() => null)) as (SyncResponse & { error?: { message: string } }) | null;
      if (!response.ok)
        throw new ApiError(body?.error?.message ?? `${response.status} ${response.statusText}`, response.status);
      return body as SyncResponse;
    },
    onSuccess: () => client.invalidateQueries(),
  });
}
