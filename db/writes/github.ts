import type { Db } from '../database';
import type {
  DeploymentStatus,
  NewCommit,
  NewPipelineRun,
  NewPullRequest,
  NewPullRequestCommit,
  NewRepository,
} from '../schema';
import { upsertRows } from './upsert';

/** Upserts repositories by full name and returns full name → id. */
export async function upsertRepositories(db: Db, repositories: readonly NewRepository[]): Promise<Map<string, number>> {
  await upsertRows(
    db,
    'repositories',
    repositories.map((r) => ({ ...r, updated_at: new Date() })),
    ['full_name'],
  );
  const names = repositories.map((r) => r.full_name);
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('repositories')
    .select(['id', 'full_name'])
    .where('full_name', 'in', names)
    .execute();
  return new Map(rows.map((r) => [r.full_name, r.id]));
}

export function upsertCommits(db: Db, commits: readonly NewCommit[]): Promise<number> {
  return upsertRows(db, 'commits', commits, ['repository_id', 'oid']);
}

export function upsertPullRequests(db: Db, pullRequests: readonly NewPullRequest[]): Promise<number> {
  return upsertRows(db, 'pull_requests', pullRequests, ['repository_id', 'number']);
}

export function upsertPullRequestCommits(db: Db, rows: readonly NewPullRequestCommit[]): Promise<number> {
  return upsertRows(db, 'pull_request_commits', rows, ['repository_id', 'pull_request_number', 'oid']);
}

export interface DeploymentInput {
  repository_id: number;
  source: string;
  external_id: string;
  environment: string;
  commit_oid: string;
  ref?: string | null;
  creator_login?: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  statuses: DeploymentStatus[];
}

/** The deploy time: createdAt of the earliest SUCCESS status, or null for an attempt that never succeeded. */
export function deployTimeOf(statuses: readonly DeploymentStatus[]): string | null {
  const successes = statuses
    .filter((s) => s.state.toUpperCase() === 'SUCCESS')
    .map((s) => new Date(s.createdAt).getTime());
  return successes.length === 0 ? null : new Date(Math.min(...successes)).toISOString();
}

export function upsertDeployments(db: Db, deployments: readonly DeploymentInput[]): Promise<number> {
  return upsertRows(
    db,
    'deployments',
    deployments.map((d) => {
      const ordered = [...d.statuses].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      return {
        ...d,
        ref: d.ref ?? null,
        creator_login: d.creator_login ?? null,
        statuses: JSON.stringify(ordered),
        latest_state: ordered.at(-1)?.state ?? null,
        deployed_at: deployTimeOf(ordered),
      };
    }),
    ['repository_id', 'source', 'external_id'],
  );
}

export function upsertPipelineRuns(db: Db, runs: readonly NewPipelineRun[]): Promise<number> {
  return upsertRows(db, 'pipeline_runs', runs, ['repository_id', 'run_id', 'attempt']);
}

type RepositoryFactsRow = {
  repository_id: number;
  collected_at: Date | string;
  version: number;
  facts: Record<string, unknown>;
};
const factsRows = (facts: readonly RepositoryFactsRow[]) =>
  facts.map((f) => ({ ...f, facts: JSON.stringify(f.facts) }));

export function upsertRepositoryFacts(db: Db, facts: readonly RepositoryFactsRow[]): Promise<number> {
  return upsertRows(db, 'repository_facts', factsRows(facts), ['repository_id']);
}

/**
 * Repositories GitHub no longer shows (deleted, or out of the token's sight): kept with their
 * history, marked removed from `at` (the first time only), so they stop counting. `names` are
 * full names (GitHub's are case-insensitive); `ofOwners` also removes every stored repository of
 * those owners (organisations listed whole) that is not in `keep`. Answers the names it marked.
 */
export async function markRepositoriesRemoved(
  db: Db,
  at: Date,
  gone: { names?: readonly string[]; ofOwners?: readonly string[]; keep?: readonly string[] },
): Promise<string[]> {
  const names = (gone.names ?? []).map((n) => n.toLowerCase());
  const owners = (gone.ofOwners ?? []).map((o) => o.toLowerCase());
  if (names.length === 0 && owners.length === 0) return [];
  const keep = (gone.keep ?? []).map((n) => n.toLowerCase());
  const rows = await db
    .updateTable('repositories')
    .set({ removed_at: at })
    .where('source', '=', 'github')
    .where('removed_at', 'is', null)
    .where((eb) =>
      eb.or([
        ...(names.length ? [eb(eb.fn('lower', ['full_name']), 'in', names)] : []),
        ...(owners.length
          ? [
              eb.and([
                eb(eb.fn('lower', ['owner']), 'in', owners),
                ...(keep.length ? [eb(eb.fn('lower', ['full_name']), 'not in', keep)] : []),
              ]),
            ]
          : []),
      ]),
    )
    .returning('full_name')
    .execute();
  return rows.map((r) => r.full_name).sort();
}

/** Topics come with the facts (a connection the repository listing leaves out to stay at 1 point a page). */
export async function updateRepositoryTopics(db: Db, repositoryId: number, topics: readonly string[]): Promise<void> {
  await db
    .updateTable('repositories')
    .set({ topics: [...topics] })
    .where('id', '=', repositoryId)
    .execute();
}

/** Records what repositories' facts were at past instants (idempotent per repository and instant). */
export function recordRepositoryFactHistory(db: Db, facts: readonly RepositoryFactsRow[]): Promise<number> {
  return upsertRows(db, 'repository_fact_history', factsRows(facts), ['repository_id', 'collected_at']);
}
