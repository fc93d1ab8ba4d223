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
import { HOUR, MINUTE } from './history-calendar';
import type { TeamProfile } from './organisation';
import { oid, type Random } from './random';

type Row<T> = Omit<T, 'repository_id'>;

export interface ServiceHistory {
  commits: Row<NewCommit>[];
  pullRequests: Row<NewPullRequest>[];
  pullRequestCommits: Row<NewPullRequestCommit>[];
  deployments: Omit<DeploymentInput, 'repository_id'>[];
  pipelineRuns: Row<NewPipelineRun>[];
  incidents: NewIncident[];
}

export interface HistoryContext {
  rng: Random;
  team: TeamProfile;
  repo: string;
  pagerdutyServiceId: string;
  start: number;
  end: number;
  ids: { deployment: number; run: number; incident: number };
}

type RevertTarget = { oid: string; title: string };

interface PullRequestDraft {
  number: number;
  author: string;
  reviewers: string[];
  selfMerged: boolean;
  reviewAt: number;
  createdAt: number;
  firstCommitAt: number;
  title: string;
  message: string | null;
  labels: string[];
  commits: { oid: string; at: number; parents: string[] }[];
}

const branch = (author: string, number: number) => `${author.replace(/\[bot\]$/, '')}/change-${number}`;

export const deploymentStatus = (state: string, at: number): DeploymentStatus => ({
  state,
  createdAt: new Date(at).toISOString(),
});

/**
 * One service's history as it is written: the default branch (every commit that landed on
 * it, in order), pull requests, CI runs, deployments and incidents. Every random draw happens
 * in the order of the calls, so one seed always gives the same history.
 */
export class HistoryWriter {
  readonly out: ServiceHistory = {
    commits: [],
    pullRequests: [],
    pullRequestCommits: [],
    deployments: [],
    pipelineRuns: [],
    incidents: [],
  };
  private readonly rng: Random;
  private readonly team: TeamProfile;
  private readonly mainline: { oid: string; at: number }[] = [];
  /** Title of each pull request by the commit that landed it: what a revert names. */
  private readonly titles = new Map<string, string>();
  private prNumber = 0;

  constructor(private readonly ctx: HistoryContext) {
    this.rng = ctx.rng;
    this.team = ctx.team;
    const root = oid(ctx.repo, 'root');
    this.out.commits.push({
      oid: root,
      parent_oids: [],
      authored_at: new Date(ctx.start - 30 * DAY_MS),
      committed_at: new Date(ctx.start - 30 * DAY_MS),
      author_login: this.team.members[0]!,
      author_email: null,
      message_headline: 'Initial commit',
      message: null,
    });
    this.mainline.push({ oid: root, at: ctx.start - 30 * DAY_MS });
  }

  head(): string {
    return this.mainline.at(-1)!.oid;
  }

  /** The pull request merged last: what a revert undoes. */
  lastMerged(): RevertTarget | null {
    const culprit = [...this.titles.keys()].at(-1);
    return culprit ? { oid: culprit, title: this.titles.get(culprit)! } : null;
  }

  private headAt(t: number): string {
    let found = this.mainline[0]!.oid;
    for (const entry of this.mainline) if (entry.at <= t) found = entry.oid;
    return found;
  }

  private addMainCommit(commit: Row<NewCommit>, at: number): void {
    this.out.commits.push(commit);
    this.mainline.push({ oid: commit.oid, at });
  }

  /** A commit pushed straight to the default branch, and its CI run. */
  pushDirectly(at: number): void {
    const { rng, team } = this;
    const commit = oid(this.ctx.repo, 'push', at);
    this.addMainCommit(
      {
        oid: commit,
        parent_oids: [this.head()],
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
    this.addPipelineRun(at, commit, 'push', 'main');
  }

  /** A pull request merged at `at` (a hotfix, or the revert of an earlier one), with its CI runs. */
  mergePullRequest(at: number, options: { hotfix?: boolean; revertOf?: RevertTarget } = {}): void {
    const { rng } = this;
    const pr = this.draftPullRequest(at, options);
    const mergeCommit = this.land(pr, at);
    this.titles.set(mergeCommit, pr.title);
    this.out.pullRequestCommits.push(
      ...pr.commits.map((c) => ({ pull_request_number: pr.number, oid: c.oid, authored_at: new Date(c.at) })),
    );
    this.out.pullRequests.push({
      number: pr.number,
      node_id: `PR_${oid(this.ctx.repo, pr.number).slice(0, 16)}`,
      title: pr.title,
      author_login: pr.author,
      state: 'MERGED',
      draft: false,
      created_at: new Date(pr.createdAt),
      updated_at: new Date(at),
      merged_at: new Date(at),
      closed_at: new Date(at),
      merge_commit_oid: mergeCommit,
      base_ref: 'main',
      head_ref: branch(pr.author, pr.number),
      labels: pr.labels,
      first_commit_authored_at: new Date(pr.firstCommitAt),
      first_review_at: pr.selfMerged ? null : new Date(pr.reviewAt),
      first_reviewer_login: pr.selfMerged ? null : rng.pick(pr.reviewers),
      additions: Math.round(rng.logNormal(options.hotfix ? 12 : 80, 1.1)),
      deletions: Math.round(rng.logNormal(options.hotfix ? 4 : 30, 1.1)),
      commit_count: pr.commits.length,
    });
    this.addPipelineRun(at, mergeCommit, 'push', 'main');
    this.addPipelineRun(
      pr.createdAt + 2 * MINUTE,
      pr.commits.at(-1)!.oid,
      'pull_request',
      branch(pr.author, pr.number),
    );
  }

  /** Who wrote a pull request, when its stages happened (counted back from the merge), and its commits. */
  private draftPullRequest(at: number, options: { hotfix?: boolean; revertOf?: RevertTarget }): PullRequestDraft {
    const { rng, team } = this;
    const number = ++this.prNumber + 100;
    const author = options.revertOf || rng.chance(0.92) ? rng.pick(team.members) : 'renovate[bot]';
    const reviewers = team.members.filter((m) => m !== author);
    const selfMerged = rng.chance(0.04) || (author === 'renovate[bot]' && rng.chance(0.5));
    const scale = options.hotfix || options.revertOf ? 0.15 : 1;
    const reviewAt = at - Math.max(MINUTE, rng.logNormal(team.reviewHours * scale, 0.8) * HOUR);
    const createdAt = reviewAt - Math.max(MINUTE, rng.logNormal(team.pickupHours * scale, 0.9) * HOUR);
    const firstCommitAt = createdAt - Math.max(MINUTE, rng.logNormal(team.codingHours * scale, 1) * HOUR);
    const title = pullRequestTitle(rng, author, options);
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
    const commits: PullRequestDraft['commits'] = [];
    let parent = this.headAt(createdAt);
    for (let i = 0; i < commitCount; i++) {
      const commitAt =
        commitCount === 1 ? firstCommitAt : firstCommitAt + ((createdAt - firstCommitAt) * i) / (commitCount - 1);
      const commitOid = oid(this.ctx.repo, 'pr', number, i);
      commits.push({ oid: commitOid, at: commitAt, parents: [parent] });
      parent = commitOid;
    }
    const message = options.revertOf ? `${title}\n\nThis reverts commit ${options.revertOf.oid}.` : null;
    return {
      number,
      author,
      reviewers,
      selfMerged,
      reviewAt,
      createdAt,
      firstCommitAt,
      title,
      message,
      labels,
      commits,
    };
  }

  /** Lands a pull request on the default branch by squash, rebase or merge commit; returns the commit that landed it. */
  private land(pr: PullRequestDraft, at: number): string {
    const { rng } = this;
    const style = rng.next();
    const squash = this.team.slug === 'legacy-billing' ? style < 0.2 : style < 0.65;
    const rebase = !squash && style > 0.88;
    const commit = (
      oidValue: string,
      parents: string[],
      authoredAt: number,
      committedAt: number,
      headline: string,
      message: string | null,
    ): Row<NewCommit> => ({
      oid: oidValue,
      parent_oids: parents,
      authored_at: new Date(authoredAt),
      committed_at: new Date(committedAt),
      author_login: pr.author,
      author_email: null,
      message_headline: headline,
      message,
      associated_pull_request_numbers: [pr.number],
    });
    const headline = (i: number) => (i === 0 ? pr.title : `Address review comments (${i})`);
    if (squash) {
      const squashed = oid(this.ctx.repo, 'squash', pr.number);
      this.addMainCommit(
        commit(squashed, [this.head()], pr.firstCommitAt, at, `${pr.title} (#${pr.number})`, pr.message),
        at,
      );
      return squashed;
    }
    if (rebase) {
      let previous = this.head();
      for (const [i, c] of pr.commits.entries()) {
        const rebased = oid(this.ctx.repo, 'rebase', pr.number, i);
        this.addMainCommit(commit(rebased, [previous], c.at, at, headline(i), i === 0 ? pr.message : null), at);
        previous = rebased;
      }
      return previous;
    }
    for (const [i, c] of pr.commits.entries())
      this.out.commits.push(commit(c.oid, c.parents, c.at, c.at, headline(i), i === 0 ? pr.message : null));
    const merged = oid(this.ctx.repo, 'merge', pr.number);
    this.addMainCommit(
      commit(
        merged,
        [this.head(), pr.commits.at(-1)!.oid],
        at,
        at,
        `Merge pull request #${pr.number} from ${branch(pr.author, pr.number)}`,
        null,
      ),
      at,
    );
    return merged;
  }

  addPipelineRun(at: number, sha: string, event: string, branchName: string): void {
    const { rng, team, ctx } = this;
    const runId = ++ctx.ids.run;
    const success = rng.chance(team.pipelineSuccessRate);
    const started = at + rng.int(5, 60) * 1000;
    const completed = started + Math.max(MINUTE, rng.logNormal(team.pipelineMinutes, 0.3) * MINUTE);
    this.out.pipelineRuns.push({
      run_id: runId,
      attempt: 1,
      workflow_id: 1000 + (event === 'push' ? 1 : 2),
      workflow_name: 'CI',
      workflow_path: '.github/workflows/ci.yml',
      event,
      branch: branchName,
      head_sha: sha,
      status: 'completed',
      conclusion: success ? 'success' : 'failure',
      html_url: `https://github.com/${ctx.repo}/actions/runs/${runId}`,
      created_at: new Date(at),
      started_at: new Date(started),
      completed_at: new Date(completed),
      updated_at: new Date(completed),
    });
  }

  addDeployment(environment: string, commit: string, createdAt: number, statuses: DeploymentStatus[]): void {
    const id = ++this.ctx.ids.deployment;
    this.out.deployments.push({
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
  }

  /** An incident of the service; returns when it is resolved. */
  addIncident(createdAt: number, title: string, urgency: 'high' | 'low'): number {
    const { rng, team, ctx } = this;
    const number = ++ctx.ids.incident;
    const resolvedAt = createdAt + Math.max(2 * MINUTE, rng.logNormal(team.restoreMinutes, 0.7) * MINUTE);
    const acknowledgedAt = createdAt + rng.int(1, 15) * MINUTE;
    const open = resolvedAt >= ctx.end;
    const priority = urgency === 'high' ? rng.pick(['P1', 'P2', 'P2', 'P3']) : rng.pick(['P4', 'P5', null]);
    // An incident after "now" has not happened yet (the random draws are made all the same, so nothing else moves).
    if (createdAt >= ctx.end) return resolvedAt;
    this.out.incidents.push({
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
  }

  /** Background noise: incidents no deployment explains. */
  addUnexplainedIncidents(): void {
    const { rng, ctx } = this;
    for (let day = ctx.start; day < ctx.end; day += DAY_MS) {
      if (rng.chance(0.012))
        this.addIncident(
          day + rng.int(0, 23) * HOUR,
          rng.pick(['Disk usage above 90%', 'Upstream provider degraded', 'Certificate expiring soon']),
          rng.chance(0.5) ? 'low' : 'high',
        );
    }
  }

  /** A few pull requests still open or closed without merging. */
  addUnmergedPullRequests(): void {
    const { rng, team, ctx } = this;
    for (let i = 0; i < 3; i++) {
      const number = ++this.prNumber + 100;
      const createdAt = ctx.end - rng.int(1, 96) * HOUR;
      const closed = i === 2;
      this.out.pullRequests.push({
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
        head_ref: branch('x', number),
        labels: [],
        first_commit_authored_at: new Date(createdAt - 3 * HOUR),
        first_review_at: null,
        first_reviewer_login: null,
        additions: rng.int(5, 300),
        deletions: rng.int(0, 100),
        commit_count: 2,
      });
    }
  }
}

function pullRequestTitle(rng: Random, author: string, options: { hotfix?: boolean; revertOf?: RevertTarget }) {
  if (options.revertOf) return `Revert "${options.revertOf.title}"`;
  if (options.hotfix)
    return rng.pick([
      'Fix null check in handler',
      'Fix retry storm on timeout',
      'Fix rounding in totals',
      'Guard against empty payload',
    ]);
  if (author === 'renovate[bot]')
    return `chore(deps): update ${rng.pick(['react', 'pg', 'zod', 'express', 'jackson', 'grpc'])} to v${rng.int(2, 9)}.${rng.int(0, 20)}`;
  return `${rng.pick(['Add', 'Improve', 'Refactor', 'Support', 'Speed up', 'Tidy'])} ${rng.pick(['checkout flow', 'retry policy', 'metrics', 'error handling', 'API pagination', 'caching', 'validation', 'logging', 'batch job', 'schema'])}`;
}
