import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OverrideSubmission } from '@/metrics/incident-overrides';
import { ApiError } from './api-fetch';

/**
 * PUT (or DELETE) /api/v1/incidents/{source}/{id}/override, with an admin's session cookie or
 * the admin token typed for this request only; the lists reload once it is saved.
 */
export function useIncidentOverrideMutation(incident: { source: string; id: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ action, deploymentId, reason, token }: OverrideSubmission) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const path = `/api/v1/incidents/${encodeURIComponent(incident.source)}/${encodeURIComponent(incident.id)}/override`;
      const body = action === 'attach' ? { action, deploymentId, reason } : { action, reason };
      const response = await fetch(path, {
        method: action === 'remove' ? 'DELETE' : 'PUT',
        headers,
        body: action === 'remove' ? undefined : JSON.stringify(body),
      });
      if (!response.ok) {
        const error = (await response.json().catch(() => null)) as { error?: { message: string } } | null;
        throw new ApiError(error?.error?.message ?? `${response.status} ${response.statusText}`, response.status);
      }
    },
    onSuccess: () => client.invalidateQueries(),
  });
}
