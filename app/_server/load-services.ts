import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { listServicesWithFigures, type ServiceListRow } from '@/scorecards/read/services-with-figures';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import { getServerContext } from './context';

/** Every service with its figures over the window and its level on the first scorecard. */
export async function loadServices(
  filters: DashboardFilters,
): Promise<{ rows: ServiceListRow[]; scorecard: { id: string; name: string; levels: string[] } | null }> {
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const rows = await listServicesWithFigures(
    db,
    loaded.config,
    { from: new Date(filters.from), to: new Date(filters.to) },
    { scorecard: card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : null },
  );
  return { rows, scorecard: card ? { id: card.id, name: card.name, levels: card.levels } : null };
}
