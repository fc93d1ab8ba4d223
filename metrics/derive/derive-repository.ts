import { ancestorsOf, attributeCommits, type CommitGraph } from './commit-graph';

const HOUR_MS = 3_600_000;
const ROLLBACK_WINDOW_MS = 24 * HOUR_MS;
const REVERT_WINDOW_MS = 7 * 24 * HOUR_MS;
const REVERT_PATTERN = /This reverts commit ([0-9a-f]{7,40})/gi;

export interface CommitInfo {
  parents: readonly string[];
  authoredAt: number;
  headline: string;
  author: string | null;
  /** The full message, kept only for reverts. */
  message: string | null;
  associatedPullRequests: readonly number[];
}

export interface MergedPullRequest {
  number: number;
  title: string;
  author: string | null;
  createdAt: number;
  mergedAt: number;
  mergeCommitOid: string | null;
  firstCommitAuthoredAt: number | null;
  firstReviewAt: number | null;
  labels: readonly string[];
}

export interface ProductionDeployment {
  id: string;
  kind: 'deployment' | 'workflow_run';
  /** Lower-cased. */
  environment: string;
  commitOid: string;
  deployedAt: number;
}

export interface RepositoryHistory {
  commits: ReadonlyMap<string, CommitInfo>;
  pullRequests: ReadonlyMap<number, MergedPullRequest>;
  /** oid → numbers of merged pull requests that list it among their commits. */
  pullRequestCommits: ReadonlyMap<string, readonly number[]>;
  deployments: readonly ProductionDeployment[];
  /** Lower-cased. */
  hotfixLabels: readonly string[];
}

export interface DerivedDeployment extends ProductionDeployment {
  previousId: string | null;
  isBaseline: boolean;
  commits: Set<string>;
  changeCount: number;
  rollbackOf: string | null;
  rolledBackBy: string | null;
  revertedBy: string | null;
  hasRevert: boolean;
  hasHotfix: boolean;
}

export interface DerivedChange {
  key: string;
  kind: 'pull_request' | 'direct_push';
  pullRequestNumber: number | null;
  commitOid: string;
  title: string | null;
  author: string | null;
  deploymentId: string;
  deployedAt: number;
  startedAt: number;
  leadTimeSeconds: number;
  codingSeconds: number | null;
  pickupSeconds: number | null;
  reviewSeconds: number | null;
  deploySeconds: number | null;
}

const byDeployTime = (a: ProductionDeployment, b: ProductionDeployment) =>
  a.deployedAt - b.deployedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The merged pull request a commit belongs to: its merge commit, one of its commits, or one GitHub associates with it. */
export function pullRequestOf(
  history: RepositoryHistory,
  oid: string,
  mergeCommits: ReadonlyMap<string, number>,
): number | null {
  const merged = mergeCommits.get(oid);
  if (merged !== undefined) return merged;
  const candidates = [
    ...(history.pullRequestCommits.get(oid) ?? []),
    ...(history.commits.get(oid)?.associatedPullRequests ?? []),
  ].filter((n) => history.pullRequests.has(n));
  return candidates.length === 0 ? null : Math.min(...candidates);
}

/**
 * Phase one of the derivation, for one repository: each production deployment's commits
 * (through the commit graph), the changes it deployed first with their lead times and
 * stages, and the failure evidence the repository's own history holds (rollbacks, reverts).
 * Pure: the same history always gives the same result.
 */
export function deriveRepository(history: RepositoryHistory): {
  deployments: DerivedDeployment[];
  changes: DerivedChange[];
} {
  const graph: CommitGraph = new Map([...history.commits].map(([oid, c]) => [oid, c.parents]));
  const mergeCommits = new Map<string, number>();
  for (const pr of history.pullRequests.values()) {
    // Two pull requests naming one merge commit (a re-opened PR): the lowest number wins, deterministically.
    const existing = pr.mergeCommitOid ? mergeCommits.get(pr.mergeCommitOid) : undefined;
    if (pr.mergeCommitOid && (existing === undefined || pr.number < existing))
      mergeCommits.set(pr.mergeCommitOid, pr.number);
  }

  const ordered = [...history.deployments].sort(byDeployTime);
  const derived = new Map<string, DerivedDeployment>();
  const environments = [...new Set(ordered.map((d) => d.environment))];
  for (const environment of environments) {
    const sequence = ordered.filter((d) => d.environment === environment);
    const commitSets = attributeCommits(
      graph,
      sequence.map((d) => d.commitOid),
    );
    sequence.forEach((d, i) => {
      derived.set(d.id, {
        ...d,
        previousId: i === 0 ? null : sequence[i - 1]!.id,
        isBaseline: i === 0,
        commits: commitSets[i]!,
        changeCount: 0,
        rollbackOf: null,
        rolledBackBy: null,
        revertedBy: null,
        hasRevert: false,
        hasHotfix: false,
      });
    });
  }
  const all = ordered.map((d) => derived.get(d.id)!);

  // Changes: each is deployed by the first production deployment, any environment, that contains it.
  const changes = new Map<string, DerivedChange>();
  for (const deployment of all) {
    for (const oid of deployment.commits) {
      const prNumber = pullRequestOf(history, oid, mergeCommits);
      const key = prNumber === null ? `commit:${oid}` : `pr:${prNumber}`;
      if (changes.has(key)) continue;
      const change =
        prNumber === null
          ? directPushChange(history, oid, deployment)
          : pullRequestChange(history.pullRequests.get(prNumber)!, history, deployment);
      if (!change) continue;
      changes.set(key, change);
      deployment.changeCount++;
    }
    const labels = new Set(
      [...deployment.commits].flatMap((oid) => {
        const n = pullRequestOf(history, oid, mergeCommits);
        return n === null ? [] : history.pullRequests.get(n)!.labels.map((l) => l.toLowerCase());
      }),
    );
    deployment.hasHotfix = history.hotfixLabels.some((label) => labels.has(label));
  }

  markRollbacks(graph, all);
  markReverts(history, all);
  return { deployments: all, changes: [...changes.values()] };
}

function pullRequestChange(
  pr: MergedPullRequest,
  history: RepositoryHistory,
  deployment: DerivedDeployment,
): DerivedChange {
  const start =
    pr.firstCommitAuthoredAt ??
    (pr.mergeCommitOid ? history.commits.get(pr.mergeCommitOid)?.authoredAt : undefined) ??
    pr.createdAt;
  const seconds = (from: number | null, to: number | null) =>
    from === null || to === null ? null : (to - from) / 1000;
  return {
    key: `pr:${pr.number}`,
    kind: 'pull_request',
    pullRequestNumber: pr.number,
    commitOid: pr.mergeCommitOid ?? '',
    title: pr.title,
    author: pr.author,
    deploymentId: deployment.id,
    deployedAt: deployment.deployedAt,
    startedAt: start,
    leadTimeSeconds: (deployment.deployedAt - start) / 1000,
    codingSeconds: seconds(pr.firstCommitAuthoredAt, pr.createdAt),
    pickupSeconds: seconds(pr.firstReviewAt === null ? null : pr.createdAt, pr.firstReviewAt),
    reviewSeconds: seconds(pr.firstReviewAt, pr.firstReviewAt === null ? null : pr.mergedAt),
    deploySeconds: seconds(pr.mergedAt, deployment.deployedAt),
  };
}

function directPushChange(
  history: RepositoryHistory,
  oid: string,
  deployment: DerivedDeployment,
): DerivedChange | null {
  const commit = history.commits.get(oid);
  if (!commit) return null; // a deployed commit that was never collected: nothing to measure from
  return {
    key: `commit:${oid}`,
    kind: 'direct_push',
    pullRequestNumber: null,
    commitOid: oid,
    title: commit.headline,
    author: commit.author,
    deploymentId: deployment.id,
    deployedAt: deployment.deployedAt,
    startedAt: commit.authoredAt,
    leadTimeSeconds: (deployment.deployedAt - commit.authoredAt) / 1000,
    codingSeconds: null,
    pickupSeconds: null,
    reviewSeconds: null,
    deploySeconds: null,
  };
}

/** (b) A later deployment of the same repository and environment, within 24 h, of a strict ancestor of D's commit. */
function markRollbacks(graph: CommitGraph, all: DerivedDeployment[]): void {
  const ancestors = new Map<string, Set<string>>();
  const ancestorsOfCommit = (oid: string) => {
    let set = ancestors.get(oid);
    if (!set) ancestors.set(oid, (set = ancestorsOf(graph, oid)));
    return set;
  };
  for (const [i, later] of all.entries()) {
    for (let j = i - 1; j >= 0; j--) {
      const earlier = all[j]!;
      if (later.deployedAt - earlier.deployedAt > ROLLBACK_WINDOW_MS) break;
      if (earlier.environment !== later.environment || earlier.deployedAt === later.deployedAt) continue;
      if (later.commitOid !== earlier.commitOid && ancestorsOfCommit(earlier.commitOid).has(later.commitOid)) {
        later.rollbackOf ??= earlier.id;
        earlier.rolledBackBy ??= later.id;
      }
    }
  }
}

/** (c) A revert of one of D's commits deployed in a later production deployment of the repository within 7 days. */
function markReverts(history: RepositoryHistory, all: DerivedDeployment[]): void {
  for (const [i, later] of all.entries()) {
    for (const oid of later.commits) {
      const message = history.commits.get(oid)?.message;
      if (!message) continue;
      for (const match of message.matchAll(REVERT_PATTERN)) {
        later.hasRevert = true;
        const sha = match[1]!.toLowerCase();
        for (let j = i - 1; j >= 0; j--) {
          const earlier = all[j]!;
          if (later.deployedAt - earlier.deployedAt > REVERT_WINDOW_MS) break;
          if (earlier.deployedAt === later.deployedAt) continue;
          const contains =
            earlier.commits.has(sha) || (sha.length < 40 && [...earlier.commits].some((c) => c.startsWith(sha)));
          if (contains) earlier.revertedBy ??= later.id;
        }
      }
    }
  }
}
