import { isServer, QueryClient } from '@tanstack/react-query';

/**
 * The one QueryClient factory. Server-rendered data is fresh for a minute, so hydrated
 * queries do not refetch on mount; a failed request is retried once, not three times,
 * because an error state the user can act on beats a long spinner.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 60_000, retry: 1, refetchOnWindowFocus: false },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A fresh client per server render; one client for the browser's lifetime. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
