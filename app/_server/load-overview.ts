import 'server-only';
import { productionEnvironments } from '@/lib/config-schema';
import type { DashboardFilters } from '@/lib/filters';
import { listTeams } from '@/metrics/catalog-views';
import { targetsForScope } from '@/metrics/list-targets';
import { getOrganisationSummary } from '@/metrics/organisation-summary';
import { resolveScope } from '@/metrics/scope';
import { getTodaySoFar } from '@/metrics/today-so-far';
import { now } from '@/lib/clock';
import { getServerContext } from './context';
import { doraReportQuery, doraSeriesQuery, teamFiguresQuery } from './figure-queries';
import { cachedFigures } from './figures';

export type OverviewTeam = { slug: string; name: string; services: number };

/** The teams the filter bar offers and the teams table lists: one quick query, before the figures. */
export async function loadOverviewTeams(): Promise<OverviewTeam[]> {
  const { db } = await getServerContext();
  return (await listTeams(db)).map((t) => ({ slug: t.slug, name: t.name, services: t.services }));
}

/**
 * Everything the overview's figures show, computed by the same domain functions the API
 * calls (the report and series as GET /api/v1/dora and /dora/series, each team's figures as
 * the current window of GET /api/v1/dora?team=); null for an unknown team. Each team's change
 * is on the teams page, which reads a report per team.
 */
export async function loadOverview(filters: DashboardFilters, teams: readonly OverviewTeam[]) {
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const scope = { team: filters.team ?? undefined };
  const environments = productionEnvironments(loaded.config);
  // The teams table, the headline counts and the scope's figures are independent: side by side.
  const [teamFigures, summary, report, series, today] = await Promise.all([
    cachedFigures(teamFiguresQuery(window)),
    getOrganisationSummary(db, { ...window, productionEnvironments: environments }),
    cachedFigures(doraReportQuery({ ...scope, ...window, compare: filters.compare })),
    cachedFigures(doraSeriesQuery({ ...scope, ...window, interval: 'week' })),
    loadToday({ team: filters.team ?? null }),
  ]);
  if (!report || !series || !today) return null;
  const teamTargets = await Promise.all(
    teams.map((t) => {
      const dora = teamFigures[t.slug];
      return dora ? targetsForScope(db, loaded.config, { type: 'team', slug: t.slug }, window, dora) : [];
    }),
  );
  return {
    report,
    series: series.points,
    summary,
    today,
    teams: teams.flatMap((t, i) => {
      const dora = teamFigures[t.slug];
      return dora ? [{ ...t, dora, targets: teamTargets[i]! }] : [];
    }),
  };
}

/** Today so far (UTC) of the organisation, a team or a service; null for an unknown one. */
async function loadToday(scope: { team: string | null } | { service: string }) {
  const { db, loaded } = await getServerContext();
  const resolved = await resolveScope(
    db,
    'service' in scope
      ? { type: 'service', slug: scope.service }
      : scope.team
        ? { type: 'team', slug: scope.team }
        : { type: 'organisation' },
  );
  return resolved ? getTodaySoFar(db, loaded.config, resolved, now()) : null;
}
