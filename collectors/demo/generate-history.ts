import { MINUTE, planEvents, type HistoryEvent } from './history-calendar';
import { deploymentStatus as status, HistoryWriter, type HistoryContext, type ServiceHistory } from './history-writer';

export type { ServiceHistory } from './history-writer';

/**
 * Generates one service's history: default-branch commits (merge, squash and rebase merges,
 * direct pushes, reverts), pull requests, staging and production deployments (failed
 * attempts, rollbacks), CI runs, and incidents that follow risky deployments.
 */
export function generateServiceHistory(ctx: HistoryContext): ServiceHistory {
  const w = new HistoryWriter(ctx);
  const events = planEvents(ctx.rng, ctx.team, ctx.start, ctx.end);
  // Failures schedule their aftermath (a hotfix, a rollback, a revert) into the calendar.
  const schedule = (event: HistoryEvent) => {
    if (event.at >= ctx.end) return;
    const index = events.findIndex((e) => e.at > event.at);
    events.splice(index === -1 ? events.length : index, 0, event);
  };
  const production: ProductionState = { last: null, pendingHotfix: false };
  while (events.length > 0) {
    const event = events.shift()!;
    if (event.kind === 'merge') w.mergePullRequest(event.at, { hotfix: event.hotfix });
    else if (event.kind === 'push') w.pushDirectly(event.at);
    else if (event.kind === 'revert') {
      w.mergePullRequest(event.at, { revertOf: event.target });
      schedule({ at: event.at + ctx.rng.int(15, 45) * MINUTE, kind: 'deploy' });
    } else deploy(ctx, w, event, production, schedule);
  }
  w.addUnexplainedIncidents();
  w.addUnmergedPullRequests();
  return w.out;
}

interface ProductionState {
  /** The commit production runs. */
  last: string | null;
  /** A hotfix is on its way: the next release is less risky. */
  pendingHotfix: boolean;
}

/**
 * A release through staging to production (sometimes after a failed attempt), or a rollback;
 * a release may then fail, by an incident, a rollback or a revert.
 */
function deploy(
  ctx: HistoryContext,
  w: HistoryWriter,
  event: Extract<HistoryEvent, { kind: 'deploy' }>,
  production: ProductionState,
  schedule: (event: HistoryEvent) => void,
): void {
  const { rng, team } = ctx;
  const at = event.at;
  const target = event.rollbackTo ?? w.head();
  if (!event.rollbackTo && target === production.last) return;
  w.addDeployment('staging', target, at - 25 * MINUTE, [
    status('IN_PROGRESS', at - 25 * MINUTE),
    status('SUCCESS', at - 20 * MINUTE),
  ]);
  let deployAt = at;
  if (!event.rollbackTo && rng.chance(0.04)) {
    // A failed attempt: never reached SUCCESS, so it is not a deployment. Retried shortly after.
    w.addDeployment('production', target, at, [status('IN_PROGRESS', at + MINUTE), status('FAILURE', at + 6 * MINUTE)]);
    deployAt = at + rng.int(20, 40) * MINUTE;
  }
  w.addDeployment('production', target, deployAt, [
    status('IN_PROGRESS', deployAt + MINUTE),
    status('SUCCESS', deployAt + rng.int(3, 9) * MINUTE),
  ]);
  const deployedAt = deployAt + 5 * MINUTE;
  if (event.rollbackTo) {
    production.last = target;
    return;
  }
  const progress = (at - ctx.start) / (ctx.end - ctx.start);
  const risk =
    team.failureRate * (team.slug === 'platform' ? 1.5 - progress : 1) * (production.pendingHotfix ? 0.5 : 1);
  production.pendingHotfix = false;
  if (rng.chance(risk)) fail(ctx, w, deployedAt, production, schedule);
  production.last = target;
}

/** What goes wrong after a release: an incident (and maybe a hotfix), a rollback and a hotfix, or a revert. */
function fail(
  ctx: HistoryContext,
  w: HistoryWriter,
  deployedAt: number,
  production: ProductionState,
  schedule: (event: HistoryEvent) => void,
): void {
  const { rng } = ctx;
  const mode = rng.next();
  if (mode < 0.6 || !production.last) {
    w.addIncident(
      deployedAt + rng.int(5, 240) * MINUTE,
      rng.pick([
        'Elevated 5xx error rate',
        'p99 latency above SLO',
        'Queue backlog growing',
        'Checkout failures spiking',
        'Health check failing',
      ]),
      'high',
    );
    if (rng.chance(0.4)) {
      schedule({ at: deployedAt + rng.int(30, 600) * MINUTE, kind: 'merge', hotfix: true });
      production.pendingHotfix = true;
    }
  } else if (mode < 0.8) {
    if (rng.chance(0.5)) w.addIncident(deployedAt + rng.int(5, 60) * MINUTE, 'Error budget burn after release', 'high');
    schedule({ at: deployedAt + rng.int(20, 180) * MINUTE, kind: 'deploy', rollbackTo: production.last });
    schedule({ at: deployedAt + rng.int(200, 1400) * MINUTE, kind: 'merge', hotfix: true });
  } else {
    const culprit = w.lastMerged();
    if (culprit) schedule({ at: deployedAt + rng.int(60, 1200) * MINUTE, kind: 'revert', target: culprit });
  }
}
