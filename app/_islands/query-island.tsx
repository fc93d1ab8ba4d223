'use client';

import { HydrationBoundary, QueryClientProvider, type DehydratedState } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { getQueryClient } from '@/lib/query-client';

/**
 * The browser's one QueryClient (a singleton, so every island shares its cache) with the
 * queries the server computed for this page. Only pages with react-query islands render it,
 * so pages without (the overview) do not ship react-query at all.
 */
export function QueryIsland({ state, children }: { state: DehydratedState; children: ReactNode }) {
  return (
    <QueryClientProvider client={getQueryClient()}>
      <HydrationBoundary state={state}>{children}</HydrationBoundary>
    </QueryClientProvider>
  );
}
