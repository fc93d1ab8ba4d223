import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config';
import { listServices } from '../../metrics/catalog-views';
import type { LevelStatus } from '../../metrics/definitions';
import type { Window } from '../../metrics/dora';
import { listedFiguresOfScopes, resolveScopesBy } from '../../metrics/figures-of-scopes';
import type { ScorecardDetail } from './get-scorecard';

/** A row of the services list: a service's figures over the window and its level on a scorecard. */
export interface ServiceListRow {
  slug: string;
  name: string;
  team: { slug: string; name: string | null } | null;
  tier: string | null;
  lifecycle: string | null;
  deployments: number;
  perWeek: number;
  deploymentLevel: string | null;
  leadTimeSeconds: number | null;
  leadTimeLevel: string | null;
  failureRate: number | null;
  failed: number;
  failureLevel: string | null;
  recoverySeconds: number | null;
  recoveryLevel: string | null;
  scorecardLevel: string | null;
  scorecardScore: number | null;
  /** Why a figure has no level (`not_enough_data` below the small-sample rule). */
  levelStatus: Record<'perWeek' | 'leadTimeSeconds' | 'failureRate' | 'recoverySeconds', LevelStatus>;
}

/**
 * Services (every one, or one team's) with their figures over the window and their level
 * on `scorecard`, which may still be loading: the figures are computed meanwhile, for every
 * service in one pass of what the list shows (listedFiguresOfScopes) rather than a report per service.
 */
export async function listServicesWithFigures(
  db: Db,
  config: PavedConfig,
  window: Window,
  options: { team?: string; scorecard: Promise<ScorecardDetail | null> | ScorecardDetail | null },
): Promise<ServiceListRow[]> {
  const [services, scopes] = await Promise.all([
    listServices(db, { teamSlug: options.team }),
    resolveScopesBy(db, 'service', { teamSlug: options.team }),
  ]);
  const empty = { serviceIds: [], repositoryIds: [] };
  const figures = await listedFiguresOfScopes(
    db,
    config,
    services.map((s) => scopes.get(s.slug) ?? empty),
    window,
  );
  const detail = await options.scorecard;
  const levelOf = new Map(detail?.services.map((s) => [s.slug, s]) ?? []);
  return services.map((s, i) => {
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
}
