import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { hasServices } from '@/metrics/catalog-views';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';
import { servicesWithFiguresQuery } from './figure-queries';
import { cachedFigures } from './figures';

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
    cachedFigures(
      servicesWithFiguresQuery(
        sc.ok ? sc.scorecards : null,
        { from: new Date(filters.from), to: new Date(filters.to) },
        filters.team || undefined,
      ),
    ),
    hasServices(db),
  ]);
  return { rows, anyServices, scorecard: card ? { id: card.id, name: card.name, levels: card.levels } : null };
}
