import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import type { DashboardFilters } from '@/lib/filters';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { listTeams } from '@/metrics/catalog-views';
import { getOrganisationSummary } from '@/metrics/organisation-summary';
import { getServerContext } from './context';
import { prefetchScopeMetrics } from './prefetch';
import { getTeamView } from './team-view';

/**
 * Everything the overview shows, computed by the same domain functions the API calls and
 * placed under the keys the client hooks read, so the first view needs no request.
 */
export async function loadOverview(filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const w = { from: filters.from, to: filters.to };
  const scope = { team: filters.team ?? undefined };
  const environments = loaded.config.github?.productionEnvironments ?? ['production', 'prod'];
  const client = makeQueryClient();
  // The teams table and the scope's figures are independent: compute them side by side.
  const teamsWithViews = listTeams(db).then(async (teams) => ({ teams, views: await Promise.all(teams.map((t) => getTeamView(db, loaded.config, t.slug, window))) }));
  const [{ teams, views: teamViews }, summary, report] = await Promise.all([
    teamsWithViews,
    getOrganisationSummary(db, { ...window, productionEnvironments: environments }),
    prefetchScopeMetrics(client, db, loaded.config, scope, filters),
  ]);
  if (!report) return null;
  teamViews.forEach((view, i) => view && client.setQueryData(queryKeys.team(teams[i]!.slug, w), view));
  return {
    state: dehydrate(client),
    teams: teams.map((t) => ({ slug: t.slug, name: t.name, services: t.services })),
    summary,
  };
}
