import 'server-only';
import { cache } from 'react';
import { listServices } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';

/** Once per request, shared by a page and its metadata: the service with this slug, or null. */
export const serviceBySlug = cache(async (slug: string) => {
  const { db } = await getServerContext();
  return (await listServices(db, { slug }))[0] ?? null;
});

/** Once per request, shared by a page and its metadata: the scorecards file, read and validated. */
export const requestScorecards = cache(async () => scorecardsForRequest((await getServerContext()).loaded));
