import { upsertRepositories } from '../../db/writes/github';
import { recordStreamError } from '../../db/writes/sync-state';
import { DAY_MS } from '../../lib/clock';
import type { Source, SyncContext } from '../source';
import { createGithubClient, GithubError, type GithubClient } from './client';
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

function costOf(client: GithubClient) {
  return { graphqlPoints: client.spent.graphqlPoints, restCalls: client.spent.restCalls };
}

/** Runs one repository's streams; a GitHub error fails that stream only (its cursor stays), other errors stop the sync. */
async function collectRepository(
  ctx: SyncContext,
  client: GithubClient,
  repo: Collected,
  errors: string[],
): Promise<void> {
  const config = ctx.config.github!;
  const { node } = repo;
  const scope: RepositoryScope = {
    db: ctx.db,
    client,
    repositoryId: repo.id,
    owner: node.owner.login,
    name: node.name,
    fullName: node.nameWithOwner,
    defaultBranch: node.defaultBranchRef!.name,
    now: ctx.now,
    backfillSince: new Date(ctx.now.getTime() - config.backfillDays * DAY_MS).toISOString(),
    full: ctx.full,
  };
  const before = costOf(client);
  let rows = 0;
  const failed: string[] = [];
  const streams: [StreamName, () => Promise<number>][] = [
    ['commits', () => syncCommits(scope, node.defaultBranchRef?.target?.oid ?? null)],
    ['pull-requests', () => syncPullRequests(scope, node.latestPullRequest.nodes[0]?.updatedAt ?? null)],
    ['deployments', () => syncDeployments(scope, node.latestDeployment.nodes[0]?.databaseId ?? null)],
    [
      'actions-runs',
      async () => (await syncActionsRuns(scope, node.pushedAt, config.deployWorkflows[node.nameWithOwner] ?? [])).rows,
    ],
  ];
  for (const [stream, run] of streams) {
    try {
      rows += await run();
    } catch (error) {
      if (!(error instanceof GithubError)) throw error;
      failed.push(`${stream}: ${error.message}`);
      await recordStreamError(ctx.db, streamKey(scope, stream), error.message, ctx.now);
    }
  }
  const after = costOf(client);
  const error = failed.length > 0 ? failed.join('; ') : undefined;
  if (error) errors.push(`${scope.fullName}: ${error}`);
  ctx.report(scope.fullName, {
    rows,
    graphqlPoints: after.graphqlPoints - before.graphqlPoints,
    restCalls: after.restCalls - before.restCalls,
    ...(error ? { error } : {}),
  });
}

/**
 * The GitHub source: repositories (with cheap change probes), then scorecard facts for
 * the repositories that changed, then each repository's streams. Archived repositories are
 * listed but not collected.
 */
export function createGithubSource(options: GithubSourceOptions = {}): Source {
  return {
    id: 'github',
    isConfigured: (config) => Boolean(config.github),
    async run(ctx) {
      const config = ctx.config.github!;
      const client = createGithubClient(config, {
        fetch: ctx.fetch,
        sleep: options.sleep,
        random: options.random,
        clock: options.clock,
        timeoutMs: options.timeoutMs,
        minRemainingPoints: config.minRemainingPoints,
        onWait: (ms, reason) => ctx.log.warn(`waiting ${Math.round(ms / 1000)}s: ${reason}`),
      });
      const collected = new Map<string, Collected>();
      let repositoryRows = 0;
      for await (const page of listRepositories(client, config.organizations, config.repositories)) {
        const ids = await upsertRepositories(ctx.db, page.map(toRepositoryRow));
        repositoryRows += page.length;
        for (const node of page) collected.set(node.nameWithOwner, { id: ids.get(node.nameWithOwner)!, node });
      }
      const active = [...collected.values()].filter((r) => !r.node.isArchived && r.node.defaultBranchRef);
      const factsRows = await syncFacts(
        ctx.db,
        client,
        active.map((r) => ({
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
      ctx.report('repositories', { rows: repositoryRows + factsRows, ...costOf(client) });
      const errors: string[] = [];
      for (const repo of active) await collectRepository(ctx, client, repo, errors);
      ctx.log.info(
        `GitHub: ${collected.size} repositories, ${client.spent.graphqlPoints} GraphQL points, ${client.spent.restCalls} REST calls`,
      );
      if (errors.length > 0)
        throw new GithubError(
          `${errors.length} of ${active.length} repositories failed: ${errors.slice(0, 3).join(' | ')}${errors.length > 3 ? ' …' : ''}`,
        );
    },
  };
}

export const githubSource: Source = createGithubSource();
