import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import type { DashboardFilters } from '@/lib/filters';
import { makeQueryClient } from '@/lib/query-client';
import { listTeams } from '@/metrics/catalog-views';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { listServicesWithFigures } from '@/scorecards/read/services-with-figures';
import { getTeamFixes } from '@/scorecards/read/team-fixes';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';
import { prefetchScopeMetrics } from './prefetch';

/**
 * Everything a team page shows; null for an unknown team. The pooled figures are computed
 * once, under the keys the metrics island reads; the services' figures for this team only.
 */
export async function loadTeamPage(slug: string, filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const [team] = await listTeams(db, { slug });
  if (!team) return null;
  const client = makeQueryClient();
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const scorecard = card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : Promise.resolve(null);
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const [, services, detail, fixes] = await Promise.all([
    prefetchScopeMetrics(client, db, loaded.config, { team: slug }, filters),
    listServicesWithFigures(db, loaded.config, window, { team: slug, scorecard }),
    scorecard,
    card && sc.ok ? getTeamFixes(db, sc.scorecards, card.id, slug) : [],
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
