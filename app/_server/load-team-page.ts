import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import type { DashboardFilters } from '@/lib/filters';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';
import { loadServices } from './load-services';
import { prefetchScopeMetrics } from './prefetch';
import { getTeamFixes } from './team-fixes';
import { getTeamView } from './team-view';

/** Everything a team page shows; null for an unknown team. */
export async function loadTeamPage(slug: string, filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const team = await getTeamView(db, loaded.config, slug, { from: new Date(filters.from), to: new Date(filters.to) });
  if (!team) return null;
  const client = makeQueryClient();
  client.setQueryData(queryKeys.team(slug, { from: filters.from, to: filters.to }), team);
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const [, services, scorecard, fixes] = await Promise.all([
    prefetchScopeMetrics(client, db, loaded.config, { team: slug }, filters),
    loadServices(filters),
    card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : null,
    card && sc.ok ? getTeamFixes(db, sc.scorecards, card.id, slug) : [],
  ]);
  return {
    team,
    state: dehydrate(client),
    services: services.rows.filter((r) => r.team?.slug === slug),
    scorecard,
    rollup: scorecard?.teams.find((t) => t.team === slug) ?? null,
    fixes,
  };
}
