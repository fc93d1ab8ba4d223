import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import { headers } from 'next/headers';
import type { DashboardFilters } from '@/lib/filters';
import { makeQueryClient } from '@/lib/query-client';
import { now } from '@/lib/clock';
import { resolveScope } from '@/metrics/scope';
import { getTodaySoFar } from '@/metrics/today-so-far';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { getServerContext } from './context';
import { serviceBySlug } from './request-lookups';
import { serviceScorecardQuery } from './figure-queries';
import { cachedFigures } from './figures';
import { prefetchActivity, prefetchScopeMetrics } from './prefetch';

/** Everything a service page shows; null for an unknown service. */
export async function loadServicePage(slug: string, filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const [service, resolved] = await Promise.all([serviceBySlug(slug), resolveScope(db, { type: 'service', slug })]);
  if (!service || !resolved) return null;
  const client = makeQueryClient();
  const scope = { service: slug };
  const sc = scorecardsForRequest(loaded);
  const [, , cards, head, today] = await Promise.all([
    prefetchScopeMetrics(client, scope, filters),
    prefetchActivity(client, db, loaded.config, scope, resolved, filters),
    sc.ok
      ? Promise.all(
          sc.scorecards.scorecards.map((c) => cachedFigures(serviceScorecardQuery(sc.scorecards, c.id, slug))),
        )
      : Promise.resolve([]),
    headers(),
    getTodaySoFar(db, loaded.config, resolved, now()),
  ]);
  return {
    service,
    today,
    state: dehydrate(client),
    cards: cards.filter((c): c is ServiceScorecard => c !== null),
    scorecardsError: sc.ok ? null : sc.message,
    // The badge snippet needs an absolute URL: the one the reader reached Paved at.
    origin: `${head.get('x-forwarded-proto') ?? 'http'}://${head.get('host') ?? 'localhost'}`,
  };
}
