import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config';
import type { z } from 'zod';
import { byServiceName } from '../../lib/service-list-order';
import { listServices } from '../../metrics/catalog-views';
import type { serviceFiguresRow } from '../../metrics/responses';
import type { Window } from '../../metrics/dora';
import { listedFiguresOfScopes, resolveScopesBy } from '../../metrics/figures-of-scopes';
import type { ScorecardDetail } from './get-scorecard';

/** A row of the services list (GET /api/v1/dora/services). */
export type ServiceListRow = z.output<typeof serviceFiguresRow>;

/**
 * Services (every one, or one team's) with their figures over the window and their level
 * on `scorecard`, which may still be loading: the figures are computed meanwhile, for every
 * service in one pass of what the list shows (listedFiguresOfScopes) rather than a report per service.
 * With `first`, only the first services in the list's first order (by name) and their figures:
 * `total` still counts every one.
 */
export async function listServicesWithFigures(
  db: Db,
  config: PavedConfig,
  window: Window,
  options: { team?: string; first?: number; scorecard: Promise<ScorecardDetail | null> | ScorecardDetail | null },
): Promise<{ rows: ServiceListRow[]; total: number }> {
  const [catalog, scopes] = await Promise.all([
    listServices(db, { teamSlug: options.team }),
    resolveScopesBy(db, 'service', { teamSlug: options.team }),
  ]);
  const services = options.first === undefined ? catalog : [...catalog].sort(byServiceName).slice(0, options.first);
  const empty = { serviceIds: [], repositoryIds: [] };
  const figures = await listedFiguresOfScopes(
    db,
    config,
    services.map((s) => scopes.get(s.slug) ?? empty),
    window,
  );
  const detail = await options.scorecard;
  const levelOf = new Map(detail?.services.map((s) => [s.slug, s]) ?? []);
  const rows = services.map((s, i): ServiceListRow => {
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
      levelStatus: {
        perWeek: f.deploymentFrequency.levelStatus,
        leadTimeSeconds: f.leadTimeForChanges.levelStatus,
        failureRate: f.changeFailureRate.levelStatus,
        recoverySeconds: f.failedDeploymentRecoveryTime.levelStatus,
      },
    };
  });
  return { rows, total: catalog.length };
}
