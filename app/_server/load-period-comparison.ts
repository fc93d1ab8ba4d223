import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { listTeams } from '@/metrics/catalog-views';
import { getDoraReport } from '@/metrics/dora-report';
import { getServerContext } from './context';

/**
 * The organisation's report and each team's, for the window and what it is compared with: each
 * exactly GET /api/v1/dora?from=&to=&compare= (and &team=) for the same filters.
 */
export async function loadPeriodComparison(filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const teams = await listTeams(db);
  const [organisation, ...reports] = await Promise.all([
    getDoraReport(db, loaded.config, {}, window, filters.compare),
    ...teams.map((t) => getDoraReport(db, loaded.config, { team: t.slug }, window, filters.compare)),
  ]);
  return {
    organisation: organisation!,
    teams: teams.flatMap((t, i) => (reports[i] ? [{ slug: t.slug, name: t.name, report: reports[i] }] : [])),
  };
}
