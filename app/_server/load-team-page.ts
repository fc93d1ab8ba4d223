import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import type { DashboardFilters } from '@/lib/filters';
import { makeQueryClient } from '@/lib/query-client';
import { SERVICES_PAGE } from '@/lib/service-list-order';
import { listTeams } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';
import { scorecardQuery, servicesWithFiguresQuery, teamFixesQuery } from './figure-queries';
import { cachedFigures } from './figures';
import { prefetchScopeMetrics } from './prefetch';

/**
 * Everything a team page shows; null for an unknown team. The pooled figures are computed
 * once, under the keys the metrics island reads; the services' figures for this team only, and
 * for its first SERVICES_PAGE services (the browser reads the rest).
 */
export async function loadTeamPage(slug: string, filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const [team] = await listTeams(db, { slug });
  if (!team) return null;
  const client = makeQueryClient();
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const [, services, detail, fixes] = await Promise.all([
    prefetchScopeMetrics(client, { team: slug }, filters),
    cachedFigures(servicesWithFiguresQuery(sc.ok ? sc.scorecards : null, window, { team: slug, first: SERVICES_PAGE })),
    card && sc.ok ? cachedFigures(scorecardQuery(sc.scorecards, card.id)) : null,
    card && sc.ok ? cachedFigures(teamFixesQuery(sc.scorecards, card.id, slug)) : [],
  ]);
  return {
    team,
    state: dehydrate(client),
    services,
    scorecard: detail,
    rollup: detail?.teams.find((t) => t.team === slug) ?? null,
    fixes,
  };
}
