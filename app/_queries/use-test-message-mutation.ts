import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import type { testMessageQueued } from '@/notifications/requests';
import { ApiError } from './api-fetch';

export type TestMessageQueued = z.infer<typeof testMessageQueued>;

/**
 * POST /api/v1/digests/test for a team (null: the organisation), with an admin's session cookie or
 * the admin token typed for this request only. A worker sends the message; this only queues it.
 */
export function useTestMessageMutation(team: string | null) {
  return useMutation({
    mutationFn: async (token: string): Promise<TestMessageQueued> => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch('/api/v1/digests/test', { method: 'POST', headers, body: JSON.stringify({ team }) });
      const body = (await response.json().catch(() => null)) as
        (TestMessageQueued & { error?: { message: string } }) | null;
      if (!response.ok)
        throw new ApiError(body?.error?.message ?? `${response.status} ${response.statusText}`, response.status);
      return body as TestMessageQueued;
    },
  });
}
