import { recordHistoryFrom } from '../../db/writes/collected-history';
import { markRepositoriesRemoved, upsertRepositories } from '../../db/writes/github';
import {
  GITHUB_BUDGETS_KEY,
  GITHUB_REST_BUDGETS_KEY,
  recordGithubBudgets,
  type GithubBudget,
  type GithubRestBudget,
} from '../../db/writes/settings';
import { recordStreamError } from '../../db/writes/sync-state';
import { DAY_MS } from '../../lib/clock';
import type { Source, SyncContext } from '../source';
import { createGithubClient, GithubError, type GithubClient } from './client';
import { createAppTokenCache, credentialsFor } from './credentials';
import { listRepositories, toRepositoryRow } from './list-repositories';
import type { RepositoryNode } from './queries/repositories';
import { streamKey, type RepositoryScope, type StreamName } from './scope';
import { syncActionsRuns } from './streams/actions-runs';
import { syncCommits } from './streams/commits';
import { syncDeployments } from './streams/deployments';
import { factLookup } from './queries/facts';
import { syncFacts } from './streams/facts';
import { syncPullRequests } from './streams/pull-requests';

export interface GithubSourceOptions {
  /** Injected so tests of rate limits and retries never really wait. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The local clock for rate-limit resets; tests set it to the fake's clock. */
  clock?: () => number;
  timeoutMs?: number;
}

interface Collected {
  id: number;
  node: RepositoryNode;
}

function costOf(...clients: GithubClient[]) {
  return {
    graphqlPoints: clients.reduce((sum, c) => sum + c.spent.graphqlPoints, 0),
    restCalls: clients.reduce((sum, c) => sum + c.spent.restCalls, 0),
  };
}

/** Keeps what each client last saw of its budget, for the data-quality page and /metrics. */
async function saveBudgets(ctx: SyncContext, clients: Iterable<GithubClient>, clock: () => number): Promise<void> {
  const budgets: Record<string, GithubBudget> = {};
  const restBudgets: Record<string, GithubRestBudget> = {};
  const seenAt = new Date(clock()).toISOString();
  for (const { budget } of clients) {
    if (budget.remaining !== null)
      budgets[budget.key] = { remaining: budget.remaining, resetAt: budget.resetAt, seenAt };
    if (budget.rest) restBudgets[budget.key] = { ...budget.rest, seenAt };
  }
  await recordGithubBudgets(ctx.db, GITHUB_BUDGETS_KEY, budgets);
  await recordGithubBudgets(ctx.db, GITHUB_REST_BUDGETS_KEY, restBudgets);
}

/** Items grouped by the client (token or App installation) that reads them, in their first-seen order. */
async function groupByClient<T>(
  items: readonly T[],
  ownerOf: (item: T) => string,
  clientFor: (owner: string) => Promise<GithubClient>,
): Promise<Map<GithubClient, T[]>> {
  const groups = new Map<GithubClient, T[]>();
  for (const item of items) {
    const client = await clientFor(ownerOf(item));
    const group = groups.get(client) ?? [];
    if (group.length === 0) groups.set(client, group);
    group.push(item);
  }
  return groups;
}

/** Stores a page of listed repositories; the same for a whole organisation and for one repository. */
async function storeListed(ctx: SyncContext, page: readonly RepositoryNode[]): Promise<Collected[]> {
  const ids = await upsertRepositories(ctx.db, page.map(toRepositoryRow));
  return page.map((node) => ({ id: ids.get(node.nameWithOwner)!, node }));
}

/** The repositories to collect (not archived, with a default branch), after their facts where the head moved. */
async function collectFactsOfActive(
  ctx: SyncContext,
  clientFor: (owner: string) => Promise<GithubClient>,
  repositories: readonly Collected[],
): Promise<{ active: Collected[]; factsRows: number }> {
  const active = repositories.filter((r) => !r.node.isArchived && r.node.defaultBranchRef);
  let factsRows = 0;
  for (const [client, repos] of await groupByClient(active, (r) => r.node.owner.login, clientFor)) {
    factsRows += await syncFacts(
      ctx.db,
      client,
      repos.map((r) => ({
        repositoryId: r.id,
        owner: r.node.owner.login,
        name: r.node.name,
        fullName: r.node.nameWithOwner,
        headOid: r.node.defaultBranchRef?.target?.oid ?? null,
      })),
      ctx.now,
      ctx.full,
      factLookup(ctx.factPaths),
    );
  }
  return { active, factsRows };
}

/** Runs one repository's streams; a GitHub error fails that stream only (its cursor stays), other errors stop the part. */
async function collectRepository(ctx: SyncContext, client: GithubClient, repo: RepositoryPartInput): Promise<void> {
  const config = ctx.config.github!;
  const scope: RepositoryScope = {
    db: ctx.db,
    client,
    repositoryId: repo.repositoryId,
    owner: repo.owner,
    name: repo.name,
    fullName: repo.fullName,
    defaultBranch: repo.defaultBranch,
    now: ctx.now,
    backfillSince: new Date(ctx.now.getTime() - config.backfillDays * DAY_MS).toISOString(),
    full: ctx.full,
  };
  const before = costOf(client);
  let rows = 0;
  const failed: string[] = [];
  const streams: [StreamName, () => Promise<number>][] = [
    ['commits', () => syncCommits(scope, repo.headOid)],
    ['pull-requests', () => syncPullRequests(scope, repo.latestPullRequestUpdatedAt)],
    ['deployments', () => syncDeployments(scope, repo.latestDeploymentId)],
    [
      'actions-runs',
      async () => (await syncActionsRuns(scope, repo.pushedAt, config.deployWorkflows[repo.fullName] ?? [])).rows,
    ],
  ];
  for (const [stream, run] of streams) {
    ctx.signal?.throwIfAborted();
    ctx.onStream?.(repo.fullName, stream);
    try {
      rows += await run();
    } catch (error) {
      if (!(error instanceof GithubError) || ctx.signal?.aborted) throw error;
      failed.push(`${stream}: ${error.message}`);
      await recordStreamError(ctx.db, streamKey(scope, stream), error.message, ctx.now);
    }
  }
  const after = costOf(client);
  const error = failed.length > 0 ? failed.join('; ') : undefined;
  ctx.report(scope.fullName, {
    rows,
    graphqlPoints: after.graphqlPoints - before.graphqlPoints,
    restCalls: after.restCalls - before.restCalls,
    ...(error ? { error } : {}),
  });
  if (error) throw new GithubError(`${scope.fullName}: ${error}`);
  await recordHistoryFrom(ctx.db, 'repositories', [repo.repositoryId], scope.backfillSince, { full: ctx.full });
}

/** What a repository's part carries from the listing: its identity and the cheap change probes. */
export interface RepositoryPartInput {
  repositoryId: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  headOid: string | null;
  latestPullRequestUpdatedAt: string | null;
  latestDeploymentId: number | null;
  pushedAt: string | null;
}

function toPartInput(repo: Collected): RepositoryPartInput {
  const { node } = repo;
  return {
    repositoryId: repo.id,
    owner: node.owner.login,
    name: node.name,
    fullName: node.nameWithOwner,
    defaultBranch: node.defaultBranchRef!.name,
    headOid: node.defaultBranchRef?.target?.oid ?? null,
    latestPullRequestUpdatedAt: node.latestPullRequest.nodes[0]?.updatedAt ?? null,
    latestDeploymentId: node.latestDeployment.nodes[0]?.databaseId ?? null,
    pushedAt: node.pushedAt ?? null,
  };
}

/**
 * The GitHub source. Its plan lists the repositories (with cheap change probes) and collects
 * the scorecard facts of those that changed; each non-archived repository is then a part
 * that runs its streams. A GitHub error fails that repository's part, never the others.
 */
export function createGithubSource(options: GithubSourceOptions = {}): Source {
  const clock = options.clock ?? Date.now;
  // Installation tokens outlive a job: a worker asks for a new one only when it nears its expiry.
  const appTokens = createAppTokenCache();
  /** One client per token or App installation, for the repositories of an owner. */
  const clientsFor = (ctx: SyncContext) => {
    const config = ctx.config.github!;
    const credentials = credentialsFor(config, appTokens, { fetch: ctx.fetch, clock, timeoutMs: options.timeoutMs });
    const clients = new Map<string, GithubClient>();
    const clientFor = async (owner: string) => {
      const found = await credentials(owner);
      let client = clients.get(found.budgetKey);
      if (!client) {
        client = createGithubClient(config, found, {
          fetch: ctx.fetch,
          sleep: options.sleep,
          random: options.random,
          clock: options.clock,
          timeoutMs: options.timeoutMs,
          signal: ctx.signal,
          minRemainingPoints: config.minRemainingPoints,
          onWait: (ms, reason) =>
            ctx.log.warn(`waiting ${Math.round(ms / 1000)}s: ${reason}`, { budget: found.budgetKey }),
        });
        clients.set(found.budgetKey, client);
      }
      return client;
    };
    return { clientFor, all: () => clients.values() };
  };
  return {
    id: 'github',
    isConfigured: (config) => Boolean(config.github),
    async plan(ctx) {
      const config = ctx.config.github!;
      const { clientFor, all } = clientsFor(ctx);
      const collected = new Map<string, Collected>();
      let repositoryRows = 0;
      const listings = await groupByClient(
        [...config.organizations.map((login) => ({ login })), ...config.repositories.map((name) => ({ name }))],
        (item) => ('login' in item ? item.login : item.name.split('/')[0]!),
        clientFor,
      );
      const missing: string[] = [];
      for (const [client, items] of listings) {
        const organizations = items.flatMap((i) => ('login' in i ? [i.login] : []));
        const named = items.flatMap((i) => ('name' in i ? [i.name] : []));
        for await (const page of listRepositories(client, organizations, named, (name) => missing.push(name))) {
          for (const repo of await storeListed(ctx, page)) collected.set(repo.node.nameWithOwner, repo);
          repositoryRows += page.length;
        }
      }
      // What GitHub no longer shows stops counting: a named repository it did not find, and any
      // stored repository of a listed organisation that the listing left out (deleted, moved, renamed).
      const removed = await markRepositoriesRemoved(ctx.db, ctx.now, {
        names: missing,
        ofOwners: config.organizations,
        keep: [...collected.keys()],
      });
      if (removed.length > 0) ctx.log.warn(`GitHub no longer shows ${removed.join(', ')}: marked removed`);
      const { active, factsRows } = await collectFactsOfActive(ctx, clientFor, [...collected.values()]);
      await saveBudgets(ctx, all(), clock);
      ctx.report('repositories', { rows: repositoryRows + factsRows, ...costOf(...all()) });
      ctx.log.info(`GitHub: ${collected.size} repositories, ${active.length} to collect`);
      return active.map((repo) => ({ scope: repo.node.nameWithOwner, input: { ...toPartInput(repo) } }));
    },
    async runPart(ctx, part) {
      const input = part.input as unknown as RepositoryPartInput;
      const { clientFor, all } = clientsFor(ctx);
      try {
        await collectRepository(ctx, await clientFor(input.owner), input);
      } finally {
        await saveBudgets(ctx, all(), clock);
      }
    },
    /**
     * A webhook's re-read of one repository: its listing entry (archived, renamed, default
     * branch, change probes), its facts when the head moved, then the streams the probes say
     * changed; a repository GitHub no longer shows is marked removed.
     */
    async refresh(ctx, fullName) {
      const { clientFor, all } = clientsFor(ctx);
      try {
        const client = await clientFor(fullName.split('/')[0]!);
        const missing: string[] = [];
        for await (const page of listRepositories(client, [], [fullName], (name) => missing.push(name))) {
          const { active } = await collectFactsOfActive(ctx, clientFor, await storeListed(ctx, page));
          for (const repo of active) await collectRepository(ctx, client, toPartInput(repo));
        }
        // Deleted (or out of sight): removed, as the next sync would find it.
        const removed = await markRepositoriesRemoved(ctx.db, ctx.now, { names: missing });
        if (removed.length > 0) ctx.log.info(`GitHub no longer shows ${removed.join(', ')}: marked removed`);
      } finally {
        await saveBudgets(ctx, all(), clock);
      }
    },
    partScopeOf: (fullName) => fullName,
  };
}

export const githubSource: Source = createGithubSource();
