import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { listTeams } from '@/metrics/catalog-views';
import { getServerContext } from './context';
import { doraReportQuery, teamReportsQuery } from './figure-queries';
import { cachedFigures } from './figures';

/**
 * The organisation's report and each team's, for the window and what it is compared with: each
 * exactly GET /api/v1/dora?from=&to=&compare= (and &team=) for the same filters; the teams' read at once.
 */
export async function loadPeriodComparison(filters: DashboardFilters) {
  const { db } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to), compare: filters.compare };
  const teams = await listTeams(db);
  const [organisation, reports] = await Promise.all([
    cachedFigures(doraReportQuery(window)),
    cachedFigures(teamReportsQuery(window)),
  ]);
  return {
    organisation: organisation!,
    teams: teams.flatMap((t) => {
      const report = reports[t.slug];
      return report ? [{ slug: t.slug, name: t.name, report }] : [];
    }),
  };
}
