import type {
  DeploymentStatus,
  NewCommit,
  NewIncident,
  NewPipelineRun,
  NewPullRequest,
  NewPullRequestCommit,
} from '../../db/schema';
import type { DeploymentInput } from '../../db/writes/github';
import { DAY_MS } from '../../lib/clock';
import type { TeamProfile } from './organisation';
import { oid, type Random } from './random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Row<T> = Omit<T, 'repository_id'>;

export interface ServiceHistory {
  commits: Row<NewCommit>[];
  pullRequests: Row<NewPullRequest>[];
  pullRequestCommits: Row<NewPullRequestCommit>[];
  deployments: Omit<DeploymentInput, 'repository_id'>[];
  pipelineRuns: Row<NewPipelineRun>[];
  incidents: NewIncident[];
}

interface Context {
  rng: Random;
  team: TeamProfile;
  repo: string;
  pagerdutyServiceId: string;
  start: number;
  end: number;
  ids: { deployment: number; run: number; incident: number };
}

type Event =
  | { at: number; kind: 'merge'; hotfix?: boolean }
  | { at: number; kind: 'push' }
  | { at: number; kind: 'revert'; target: { oid: string; title: string } }
  | { at: number; kind: 'deploy'; rollbackTo?: string };

/** How busy a day is: weekends are quiet, August is holiday season, and days vary. */
function dayFactor(day: Date): number {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return 0.08;
  const holiday = day.getUTCMonth() === 7 || (day.getUTCMonth() === 11 && day.getUTCDate() >= 22) ? 0.55 : 1;
  return holiday * (weekday === 5 ? 0.8 : 1);
}

function deploySlots(ctx: Context, day: Date): number[] {
  const weekday = day.getUTCDay();
  const base = day.getTime();
  if (weekday === 0 || weekday === 6) return [];
  switch (ctx.team.cadence) {
    case 'daily':
      return [base + 15 * HOUR];
    case 'twice-weekly':
      return weekday === 2 || weekday === 4 ? [base + 14 * HOUR] : [];
    case 'weekly':
      return weekday === 3 ? [base + 13 * HOUR] : [];
    case 'biweekly':
      return weekday === 4 && Math.floor(base / (7 * DAY_MS)) % 2 === 0 ? [base + 11 * HOUR] : [];
    default:
      return [];
  }
}

/**
 * Generates one service's history: default-branch commits (merge, squash and rebase merges,
 * direct pushes, reverts), pull requests, staging and production deployments (failed
 * attempts, rollbacks), CI runs, and incidents that follow risky deployments.
 */
export function generateServiceHistory(ctx: Context): ServiceHistory {
  const { rng, team } = ctx;
  const out: ServiceHistory = {
    commits: [],
    pullRequests: [],
    pullRequestCommits: [],
    deployments: [],
    pipelineRuns: [],
    incidents: [],
  };
  const mainline: { oid: string; at: number }[] = [];
  const titles = new Map<string, string>();
  let prNumber = 0;

  const root = oid(ctx.repo, 'root');
  out.commits.push({
    oid: root,
    parent_oids: [],
    authored_at: new Date(ctx.start - 30 * DAY_MS),
    committed_at: new Date(ctx.start - 30 * DAY_MS),
    author_login: team.members[0]!,
    author_email: null,
    message_headline: 'Initial commit',
    message: null,
  });
  mainline.push({ oid: root, at: ctx.start - 30 * DAY_MS });
  const head = () => mainline.at(-1)!.oid;
  const headAt = (t: number) => {
    let found = mainline[0]!.oid;
    for (const entry of mainline) if (entry.at <= t) found = entry.oid;
    return found;
  };

  // Build the calendar of merges, pushes and deploy slots.
  const events: Event[] = [];
  for (let day = ctx.start; day < ctx.end; day += DAY_MS) {
    const date = new Date(day);
    const progress = (day - ctx.start) / (ctx.end - ctx.start);
    // The platform team adopted the golden path half way through: it shows in its figures.
    const trend = team.slug === 'platform' ? 0.8 + 0.5 * progress : 1;
    const merges = rng.poisson(team.mergesPerDay * dayFactor(date) * trend);
    for (let i = 0; i < merges; i++) {
      const at = day + 9 * HOUR + rng.int(0, 9 * 60) * MINUTE;
      if (at >= ctx.end) continue;
      events.push({ at, kind: 'merge' });
      if (team.cadence === 'continuous')
        events.push({ at: at + Math.round(rng.logNormal(20, 0.4)) * MINUTE, kind: 'deploy' });
    }
    if (rng.chance(team.directPushRate * 2 * dayFactor(date)))
      events.push({ at: day + rng.int(8, 20) * HOUR, kind: 'push' });
    for (const slot of deploySlots(ctx, date)) events.push({ at: slot + rng.int(0, 40) * MINUTE, kind: 'deploy' });
  }
  // Nothing happens after the end of history (the clock's now).
  events.splice(0, events.length, ...events.filter((e) => e.at < ctx.end).sort((a, b) => a.at - b.at));
  const schedule = (event: Event) => {
    if (event.at >= ctx.end) return;
    const index = events.findIndex((e) => e.at > event.at);
    events.splice(index === -1 ? events.length : index, 0, event);
  };

  const addMainCommit = (commit: Row<NewCommit>, at: number) => {
    out.commits.push(commit);
    mainline.push({ oid: commit.oid, at });
  };

  const mergePullRequest = (
    at: number,
    options: { hotfix?: boolean; revertOf?: { oid: string; title: string } } = {},
  ) => {
    const number = ++prNumber + 100;
    const author = options.revertOf || rng.chance(0.92) ? rng.pick(team.members) : 'renovate[bot]';
    const reviewers = team.members.filter((m) => m !== author);
    const selfMerged = rng.chance(0.04) || (author === 'renovate[bot]' && rng.chance(0.5));
    const scale = options.hotfix || options.revertOf ? 0.15 : 1;
    const reviewAt = at - Math.max(MINUTE, rng.logNormal(team.reviewHours * scale, 0.8) * HOUR);
    const createdAt = reviewAt - Math.max(MINUTE, rng.logNormal(team.pickupHours * scale, 0.9) * HOUR);
    const firstCommitAt = createdAt - Math.max(MINUTE, rng.logNormal(team.codingHours * scale, 1) * HOUR);
    const title = options.revertOf
      ? `Revert "${options.revertOf.title}"`
      : options.hotfix
        ? rng.pick([
            'Fix null check in handler',
            'Fix retry storm on timeout',
            'Fix rounding in totals',
            'Guard against empty payload',
          ])
        : author === 'renovate[bot]'
          ? `chore(deps): update ${rng.pick(['react', 'pg', 'zod', 'express', 'jackson', 'grpc'])} to v${rng.int(2, 9)}.${rng.int(0, 20)}`
          : `${rng.pick(['Add', 'Improve', 'Refactor', 'Support', 'Speed up', 'Tidy'])} ${rng.pick(['checkout flow', 'retry policy', 'metrics', 'error handling', 'API pagination', 'caching', 'validation', 'logging', 'batch job', 'schema'])}`;
    const labels = options.hotfix
      ? ['hotfix']
      : author === 'renovate[bot]'
        ? ['dependencies']
        : rng.chance(0.1)
          ? ['bug']
          : rng.chance(0.4)
            ? ['feature']
            : [];
    const commitCount = options.revertOf ? 1 : Math.min(6, 1 + rng.poisson(1.8));
    const base = headAt(createdAt);
    const prCommits: { oid: string; at: number; parents: string[] }[] = [];
    let parent = base;
    for (let i = 0; i < commitCount; i++) {
      const commitAt =
        commitCount === 1 ? firstCommitAt : firstCommitAt + ((createdAt - firstCommitAt) * i) / (commitCount - 1);
      const commitOid = oid(ctx.repo, 'pr', number, i);
      prCommits.push({ oid: commitOid, at: commitAt, parents: [parent] });
      parent = commitOid;
    }
    const message = options.revertOf ? `${title}\n\nThis reverts commit ${options.revertOf.oid}.` : null;
    const style = rng.next();
    const squash = team.slug === 'legacy-billing' ? style < 0.2 : style < 0.65;
    const rebase = !squash && style > 0.88;
    let mergeCommit: string;
    if (squash) {
      mergeCommit = oid(ctx.repo, 'squash', number);
      addMainCommit(
        {
          oid: mergeCommit,
          parent_oids: [head()],
          authored_at: new Date(firstCommitAt),
          committed_at: new Date(at),
          author_login: author,
          author_email: null,
          message_headline: `${title} (#${number})`,
          message,
          associated_pull_request_numbers: [number],
        },
        at,
      );
    } else if (rebase) {
      let previous = head();
      for (const [i, c] of prCommits.entries()) {
        const rebased = oid(ctx.repo, 'rebase', number, i);
        addMainCommit(
          {
            oid: rebased,
            parent_oids: [previous],
            authored_at: new Date(c.at),
            committed_at: new Date(at),
            author_login: author,
            author_email: null,
            message_headline: i === 0 ? title : `Address review comments (${i})`,
            message: i === 0 ? message : null,
            associated_pull_request_numbers: [number],
          },
          at,
        );
        previous = rebased;
      }
      mergeCommit = previous;
    } else {
      for (const [i, c] of prCommits.entries()) {
        out.commits.push({
          oid: c.oid,
          parent_oids: c.parents,
          authored_at: new Date(c.at),
          committed_at: new Date(c.at),
          author_login: author,
          author_email: null,
          message_headline: i === 0 ? title : `Address review comments (${i})`,
          message: i === 0 ? message : null,
          associated_pull_request_numbers: [number],
        });
      }
      mergeCommit = oid(ctx.repo, 'merge', number);
      addMainCommit(
        {
          oid: mergeCommit,
          parent_oids: [head(), prCommits.at(-1)!.oid],
          authored_at: new Date(at),
          committed_at: new Date(at),
          author_login: author,
          author_email: null,
          message_headline: `Merge pull request #${number} from ${DEMO_BRANCH(author, number)}`,
          message: null,
          associated_pull_request_numbers: [number],
        },
        at,
      );
    }
    titles.set(mergeCommit, title);
    out.pullRequestCommits.push(
      ...prCommits.map((c) => ({ pull_request_number: number, oid: c.oid, authored_at: new Date(c.at) })),
    );
    out.pullRequests.push({
      number,
      node_id: `PR_${oid(ctx.repo, number).slice(0, 16)}`,
      title,
      author_login: author,
      state: 'MERGED',
      draft: false,
      created_at: new Date(createdAt),
      updated_at: new Date(at),
      merged_at: new Date(at),
      closed_at: new Date(at),
      merge_commit_oid: mergeCommit,
      base_ref: 'main',
      head_ref: DEMO_BRANCH(author, number),
      labels,
      first_commit_authored_at: new Date(firstCommitAt),
      first_review_at: selfMerged ? null : new Date(reviewAt),
      first_reviewer_login: selfMerged ? null : rng.pick(reviewers),
      additions: Math.round(rng.logNormal(options.hotfix ? 12 : 80, 1.1)),
      deletions: Math.round(rng.logNormal(options.hotfix ? 4 : 30, 1.1)),
      commit_count: commitCount,
    });
    addPipelineRun(at, mergeCommit, 'push', 'main');
    addPipelineRun(createdAt + 2 * MINUTE, prCommits.at(-1)!.oid, 'pull_request', DEMO_BRANCH(author, number));
  };

  const addPipelineRun = (at: number, sha: string, event: string, branch: string) => {
    const runId = ++ctx.ids.run;
    const success = rng.chance(team.pipelineSuccessRate);
    const started = at + rng.int(5, 60) * 1000;
    const completed = started + Math.max(MINUTE, rng.logNormal(team.pipelineMinutes, 0.3) * MINUTE);
    out.pipelineRuns.push({
      run_id: runId,
      attempt: 1,
      workflow_id: 1000 + (event === 'push' ? 1 : 2),
      workflow_name: 'CI',
      workflow_path: '.github/workflows/ci.yml',
      event,
      branch,
      head_sha: sha,
      status: 'completed',
      conclusion: success ? 'success' : 'failure',
      html_url: `https://github.com/${ctx.repo}/actions/runs/${runId}`,
      created_at: new Date(at),
      started_at: new Date(started),
      completed_at: new Date(completed),
      updated_at: new Date(completed),
    });
  };

  const addDeployment = (environment: string, commit: string, createdAt: number, statuses: DeploymentStatus[]) => {
    const id = ++ctx.ids.deployment;
    out.deployments.push({
      source: 'github',
      external_id: String(id),
      environment,
      commit_oid: commit,
      ref: 'main',
      creator_login: 'deploy-bot',
      created_at: new Date(createdAt),
      updated_at: new Date(statuses.at(-1)!.createdAt),
      statuses,
    });
  };
  const status = (state: string, at: number): DeploymentStatus => ({ state, createdAt: new Date(at).toISOString() });

  const addIncident = (createdAt: number, title: string, urgency: 'high' | 'low') => {
    const number = ++ctx.ids.incident;
    const resolvedAt = createdAt + Math.max(2 * MINUTE, rng.logNormal(team.restoreMinutes, 0.7) * MINUTE);
    const acknowledgedAt = createdAt + rng.int(1, 15) * MINUTE;
    const open = resolvedAt >= ctx.end;
    const priority = urgency === 'high' ? rng.pick(['P1', 'P2', 'P2', 'P3']) : rng.pick(['P4', 'P5', null]);
    // An incident after "now" has not happened yet (the random draws are made all the same, so nothing else moves).
    if (createdAt >= ctx.end) return resolvedAt;
    out.incidents.push({
      source: 'pagerduty',
      external_id: `Q${oid('incident', ctx.repo, number).slice(0, 13).toUpperCase()}`,
      number,
      pagerduty_service_id: ctx.pagerdutyServiceId,
      title,
      urgency,
      priority,
      status: open ? (acknowledgedAt < ctx.end ? 'acknowledged' : 'triggered') : 'resolved',
      created_at: new Date(createdAt),
      acknowledged_at: acknowledgedAt < ctx.end ? new Date(acknowledgedAt) : null,
      resolved_at: open ? null : new Date(resolvedAt),
      last_status_change_at: new Date(open ? Math.min(acknowledgedAt, ctx.end - MINUTE) : resolvedAt),
      html_url: `https://acme.pagerduty.com/incidents/${number}`,
      updated_at: new Date(open ? createdAt : resolvedAt),
    });
    return resolvedAt;
  };

  let lastProduction: string | null = null;
  let previousProduction: string | null = null;
  let pendingHotfix = false;
  while (events.length > 0) {
    const event = events.shift()!;
    const at = event.at;
    if (event.kind === 'merge') {
      mergePullRequest(at, { hotfix: event.hotfix });
    } else if (event.kind === 'push') {
      const commit = oid(ctx.repo, 'push', at);
      addMainCommit(
        {
          oid: commit,
          parent_oids: [head()],
          authored_at: new Date(at - 20 * MINUTE),
          committed_at: new Date(at),
          author_login: rng.pick(team.members),
          author_email: null,
          message_headline: rng.pick([
            'Bump version',
            'Update config for new region',
            'Fix typo in README',
            'Tune connection pool',
          ]),
          message: null,
        },
        at,
      );
      addPipelineRun(at, commit, 'push', 'main');
    } else if (event.kind === 'revert') {
      mergePullRequest(at, { revertOf: event.target });
      schedule({ at: at + rng.int(15, 45) * MINUTE, kind: 'deploy' });
    } else {
      const target = event.rollbackTo ?? head();
      if (!event.rollbackTo && target === lastProduction) continue;
      addDeployment('staging', target, at - 25 * MINUTE, [
        status('IN_PROGRESS', at - 25 * MINUTE),
        status('SUCCESS', at - 20 * MINUTE),
      ]);
      let deployAt = at;
      if (!event.rollbackTo && rng.chance(0.04)) {
        // A failed attempt: never reached SUCCESS, so it is not a deployment. Retried shortly after.
        addDeployment('production', target, at, [
          status('IN_PROGRESS', at + MINUTE),
          status('FAILURE', at + 6 * MINUTE),
        ]);
        deployAt = at + rng.int(20, 40) * MINUTE;
      }
      addDeployment('production', target, deployAt, [
        status('IN_PROGRESS', deployAt + MINUTE),
        status('SUCCESS', deployAt + rng.int(3, 9) * MINUTE),
      ]);
      const deployedAt = deployAt + 5 * MINUTE;
      if (event.rollbackTo) {
        previousProduction = null;
        lastProduction = target;
        continue;
      }
      const progress = (at - ctx.start) / (ctx.end - ctx.start);
      const risk = team.failureRate * (team.slug === 'platform' ? 1.5 - progress : 1) * (pendingHotfix ? 0.5 : 1);
      pendingHotfix = false;
      if (rng.chance(risk)) {
        const mode = rng.next();
        if (mode < 0.6 || !lastProduction) {
          addIncident(
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
            pendingHotfix = true;
          }
        } else if (mode < 0.8) {
          if (rng.chance(0.5))
            addIncident(deployedAt + rng.int(5, 60) * MINUTE, 'Error budget burn after release', 'high');
          schedule({ at: deployedAt + rng.int(20, 180) * MINUTE, kind: 'deploy', rollbackTo: lastProduction });
          schedule({ at: deployedAt + rng.int(200, 1400) * MINUTE, kind: 'merge', hotfix: true });
        } else {
          const culprit = [...titles.keys()].at(-1);
          if (culprit)
            schedule({
              at: deployedAt + rng.int(60, 1200) * MINUTE,
              kind: 'revert',
              target: { oid: culprit, title: titles.get(culprit)! },
            });
        }
      }
      previousProduction = lastProduction;
      lastProduction = target;
    }
  }
  void previousProduction;

  // Background noise: incidents no deployment explains.
  for (let day = ctx.start; day < ctx.end; day += DAY_MS) {
    if (rng.chance(0.012))
      addIncident(
        day + rng.int(0, 23) * HOUR,
        rng.pick(['Disk usage above 90%', 'Upstream provider degraded', 'Certificate expiring soon']),
        rng.chance(0.5) ? 'low' : 'high',
      );
  }

  // A few pull requests still open or closed without merging.
  for (let i = 0; i < 3; i++) {
    const number = ++prNumber + 100;
    const createdAt = ctx.end - rng.int(1, 96) * HOUR;
    const closed = i === 2;
    out.pullRequests.push({
      number,
      node_id: `PR_${oid(ctx.repo, number).slice(0, 16)}`,
      title: closed ? 'Experiment: switch serializer' : 'Work in progress: new endpoint',
      author_login: rng.pick(team.members),
      state: closed ? 'CLOSED' : 'OPEN',
      draft: i === 1,
      created_at: new Date(createdAt),
      updated_at: new Date(createdAt + HOUR),
      merged_at: null,
      closed_at: closed ? new Date(createdAt + HOUR) : null,
      merge_commit_oid: null,
      base_ref: 'main',
      head_ref: DEMO_BRANCH('x', number),
      labels: [],
      first_commit_authored_at: new Date(createdAt - 3 * HOUR),
      first_review_at: null,
      first_reviewer_login: null,
      additions: rng.int(5, 300),
      deletions: rng.int(0, 100),
      commit_count: 2,
    });
  }
  return out;
}

function DEMO_BRANCH(author: string, number: number): string {
  return `${author.replace(/\[bot\]$/, '')}/change-${number}`;
}
