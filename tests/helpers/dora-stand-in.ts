import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config-schema';
import type { DoraFigures, DoraScope, GetDoraFigures, Level } from '../../scorecards/dora-contract';

/**
 * A deterministic stand-in for `getDoraFigures` (metrics/dora.ts, written in parallel), for
 * unit tests of the scorecard rules and the impact view. It computes from the rows a test
 * inserts, with deliberately simple definitions so expectations can be worked by hand:
 * - a deployment is a production row with `deployed_at` in the window;
 * - its lead time is `deployed_at − created_at` (the test sets created_at as "first commit");
 * - it failed when its latest status is FAILURE (after having succeeded);
 * - it recovered at the next successful deployment of the same repository.
 * It is NOT the DORA engine: the lead adds an integration test against the real one.
 */
export const doraStandIn: GetDoraFigures = async (
  db: Db,
  config: PavedConfig,
  scope: DoraScope,
  window: { from: Date; to: Date },
): Promise<DoraFigures> => {
  const repositoryIds = await repositoriesOf(db, scope);
  const environments = config.github?.productionEnvironments ?? ['production', 'prod'];
  const rows =
    repositoryIds.length === 0
      ? []
      : await db
          .selectFrom('deployments')
          .select(['repository_id', 'environment', 'created_at', 'deployed_at', 'latest_state', 'statuses'])
          .where('repository_id', 'in', repositoryIds)
          .where('deployed_at', 'is not', null)
          .orderBy('deployed_at')
          .execute();
  const production = rows.filter((r) => environments.map((e) => e.toLowerCase()).includes(r.environment.toLowerCase()));
  const inWindow = production.filter((r) => r.deployed_at! >= window.from && r.deployed_at! < window.to);
  const weeks = (window.to.getTime() - window.from.getTime()) / (7 * 86_400_000);
  const leadTimes = inWindow.map((r) => (r.deployed_at!.getTime() - r.created_at.getTime()) / 1000);
  const failed = inWindow.filter((r) => r.latest_state === 'FAILURE');
  const recoveries = failed.flatMap((f) => {
    const failedAt = Date.parse(f.statuses.filter((s) => s.state === 'FAILURE').at(-1)!.createdAt);
    const next = production.find(
      (r) => r.repository_id === f.repository_id && r.latest_state !== 'FAILURE' && r.deployed_at!.getTime() > failedAt,
    );
    return next ? [(next.deployed_at!.getTime() - failedAt) / 1000] : [];
  });
  const perWeek = weeks > 0 ? inWindow.length / weeks : 0;
  const leadMedian = median(leadTimes);
  return {
    deploymentFrequency: {
      deployments: inWindow.length,
      perWeek,
      medianDeployDaysPerWeek: 0,
      level:
        inWindow.length === 0
          ? null
          : perWeek >= 7
            ? 'elite'
            : perWeek >= 1
              ? 'high'
              : perWeek >= 0.25
                ? 'medium'
                : 'low',
    },
    leadTimeForChanges: {
      changes: leadTimes.length,
      medianSeconds: leadMedian,
      p75Seconds: null,
      p90Seconds: null,
      level: leadTimeLevel(leadMedian),
      stages: { codingSeconds: null, pickupSeconds: null, reviewSeconds: null, deploySeconds: null },
    },
    changeFailureRate: {
      deployments: inWindow.length,
      failedDeployments: failed.length,
      rate: inWindow.length ? failed.length / inWindow.length : null,
      level: null,
    },
    failedDeploymentRecoveryTime: {
      failedDeployments: failed.length,
      recovered: recoveries.length,
      medianSeconds: median(recoveries),
      level: null,
    },
    timeToRestore: { incidents: 0, resolved: 0, medianSeconds: null },
    reworkRate: { deployments: inWindow.length, reworkDeployments: 0, rate: null },
  };
};

function leadTimeLevel(seconds: number | null): Level | null {
  if (seconds === null) return null;
  const days = seconds / 86_400;
  return days < 1 ? 'elite' : days < 7 ? 'high' : days < 30 ? 'medium' : 'low';
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function repositoriesOf(db: Db, scope: DoraScope): Promise<number[]> {
  let query = db
    .selectFrom('service_repositories')
    .innerJoin('services', 'services.id', 'service_repositories.service_id')
    .select('service_repositories.repository_id');
  if (scope.type === 'service') query = query.where('services.slug', '=', scope.slug);
  if (scope.type === 'services') query = query.where('services.id', 'in', scope.ids.length ? scope.ids : [-1]);
  if (scope.type === 'team')
    query = query.where('services.team_id', 'in', db.selectFrom('teams').select('id').where('slug', '=', scope.slug));
  return [...new Set((await query.execute()).map((r) => r.repository_id))];
}
