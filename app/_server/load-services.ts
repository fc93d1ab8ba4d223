import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { SERVICES_PAGE } from '@/lib/service-list-order';
import { hasServices } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';
import { servicesWithFiguresQuery } from './figure-queries';
import { cachedFigures } from './figures';

/**
 * The first services (SERVICES_PAGE, by name) of the filtered team, or of all without a team
 * filter, with their figures over the window and their level on the first scorecard: only those
 * services' figures are computed; the browser reads the rest (GET /api/v1/dora/services) when
 * `total` is more. `anyServices` says whether the catalog has a service at all, filter or not.
 */
export async function loadServices(filters: DashboardFilters) {
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  const [listed, anyServices] = await Promise.all([
    cachedFigures(
      servicesWithFiguresQuery(
        sc.ok ? sc.scorecards : null,
        { from: new Date(filters.from), to: new Date(filters.to) },
        { team: filters.team || undefined, first: SERVICES_PAGE },
      ),
    ),
    hasServices(db),
  ]);
  return { ...listed, anyServices };
}
