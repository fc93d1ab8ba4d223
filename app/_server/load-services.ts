import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { listServices } from '@/metrics/catalog-views';
import { getDoraFigures } from '@/metrics/dora';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';
import type { ServiceListRow } from '@/components/services/services-table';
import { getServerContext } from './context';

/** Every service with its figures over the window and its level on the first scorecard. */
export async function loadServices(
  filters: DashboardFilters,
): Promise<{ rows: ServiceListRow[]; scorecard: { id: string; name: string; levels: string[] } | null }> {
  const { db, loaded } = await getServerContext();
  const window = { from: new Date(filters.from), to: new Date(filters.to) };
  const sc = scorecardsForRequest(loaded);
  const card = sc.ok ? sc.scorecards.scorecards[0] : undefined;
  const [services, detail] = await Promise.all([
    listServices(db),
    card && sc.ok ? getScorecard(db, sc.scorecards, card.id) : null,
  ]);
  const figures = await Promise.all(
    services.map((s) => getDoraFigures(db, loaded.config, { type: 'service', slug: s.slug }, window)),
  );
  const levelOf = new Map(detail?.services.map((s) => [s.slug, s]) ?? []);
  const rows = services.map((s, i) => {
    const f = figures[i]!;
    const card = levelOf.get(s.slug);
    return {
      slug: s.slug,
      name: s.name,
      team: s.team,
      tier: s.tier,
      lifecycle: s.lifecycle,
      deployments: f.deploymentFrequency.deployments,
      perWeek: f.deploymentFrequency.perWeek,
      deploymentLevel: f.deploymentFrequency.level,
      leadTimeSeconds: f.leadTimeForChanges.medianSeconds,
      leadTimeLevel: f.leadTimeForChanges.level,
      failureRate: f.changeFailureRate.rate,
      failed: f.changeFailureRate.failedDeployments,
      failureLevel: f.changeFailureRate.level,
      recoverySeconds: f.failedDeploymentRecoveryTime.medianSeconds,
      recoveryLevel: f.failedDeploymentRecoveryTime.level,
      scorecardLevel: card ? card.level : null,
      scorecardScore: card ? card.score : null,
    };
  });
  return { rows, scorecard: card ? { id: card.id, name: card.name, levels: card.levels } : null };
}
