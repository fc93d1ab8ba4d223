import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { hasServices } from '@/metrics/catalog-views';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { listServicesWithFigures, type ServiceListRow } from '@/scorecards/read/services-with-figures';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';

/**
 * The services of the filtered team (every service without a team filter) with their figures over
 * the window and their level on the first scorecard; only those services' figures are computed.
 * `anyServices` says whether the catalog has a service at all, filter or not.
 */
export async function loadServices(filters: DashboardFilters): Promise<{
  rows: ServiceListRow[];
  anyServices: boolean;
  scorecard: { id: string; name: string; levels: string[] } | null;
}> {
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const [rows, anyServices] = await Promise.all([
    listServicesWithFigures(
      db,
      loaded.config,
      { from: new Date(filters.from), to: new Date(filters.to) },
      { team: filters.team || undefined, scorecard: card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : null },
    ),
    hasServices(db),
  ]);
  return { rows, anyServices, scorecard: card ? { id: card.id, name: card.name, levels: card.levels } : null };
}
