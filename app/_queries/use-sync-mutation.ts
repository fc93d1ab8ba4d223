import { useMutation } from '@tanstack/react-query';
import { ApiError } from './api-fetch';

/** What POST /api/v1/sync answers (202): the run queued, or the one already under way that the request joined. */
export type SyncResponse = { runId: number; status: string; joined: boolean };

/**
 * POST /api/v1/sync with the admin token the user typed. The token lives only in the
 * form's state and this request; it is never stored or rendered.
 */
export function useSyncMutation() {
  return useMutation({
    mutationFn: async (token: string) => {
      // No token typed: an admin's session cookie is the credential (same-origin, so Origin passes).
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const response = await fetch('/api/v1/sync', { method: 'POST', headers });
      const body = (await response.json().catch(() => null)) as (SyncResponse & { error?: { message: string } }) | null;
      if (!response.ok)
        throw new ApiError(body?.error?.message ?? `${response.status} ${response.statusText}`, response.status);
      return body as SyncResponse;
    },
  });
}
