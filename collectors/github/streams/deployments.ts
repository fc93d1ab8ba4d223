import type { DeploymentInput } from '../../../db/writes/github';
import { upsertDeployments } from '../../../db/writes/github';
import { getCursor, saveCursor } from '../../../db/writes/sync-state';
import { GithubError } from '../client';
import { DEPLOYMENTS_QUERY, deploymentsResponse, type DeploymentNode } from '../queries/deployments';
import { maxIso, parseResponse, streamKey, type RepositoryScope } from '../scope';

/**
 * Deployments can only be ordered by creation, but their statuses keep changing, so the
 * cursor re-reads from the oldest deployment still in flight (or the newest seen).
 * `latestId` is the newest deployment's id at the time, for the listing's cheap probe.
 */
export interface DeploymentsCursor {
  since: string | null;
  inFlight: boolean;
  latestId: number | null;
  pass?: { since: string; after: string | null; newest: string | null; oldestInFlight: string | null };
}

const FINAL_STATES = new Set(['SUCCESS', 'FAILURE', 'ERROR', 'INACTIVE']);

export function isInFlight(node: DeploymentNode): boolean {
  const statuses = node.statuses?.nodes ?? [];
  return statuses.length === 0 || !statuses.some((s) => FINAL_STATES.has(s.state.toUpperCase()));
}

export function toDeploymentInput(repositoryId: number, node: DeploymentNode): DeploymentInput {
  return {
    repository_id: repositoryId,
    source: 'github',
    external_id: node.databaseId !== null ? String(node.databaseId) : node.id,
    environment: node.environment ?? '',
    commit_oid: node.commitOid,
    ref: node.ref?.name ?? null,
    creator_login: node.creator?.login ?? null,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    statuses: (node.statuses?.nodes ?? []).map((s) => ({
      state: s.state,
      createdAt: s.createdAt,
      ...(s.description ? { description: s.description } : {}),
    })),
  };
}

/** Deployments of every environment with their statuses, newest first, down to the cursor. */
export async function syncDeployments(scope: RepositoryScope, latestId: number | null): Promise<number> {
  const key = streamKey(scope, 'deployments');
  const cursor = scope.full ? null : await getCursor<DeploymentsCursor>(scope.db, key);
  if (!cursor?.pass && (cursor ? !cursor.inFlight && cursor.latestId === latestId : latestId === null)) return 0;
  let pass = cursor?.pass ?? {
    since: cursor?.since ?? scope.backfillSince,
    after: null,
    newest: null,
    oldestInFlight: null,
  };
  let rows = 0;
  for (;;) {
    const raw = await scope.client.query(DEPLOYMENTS_QUERY, {
      owner: scope.owner,
      name: scope.name,
      cursor: pass.after,
    });
    const data = parseResponse(deploymentsResponse, raw, `${scope.fullName} deployments`);
    if (!data.repository)
      throw new GithubError(`GitHub repository ${scope.fullName} was not found while reading deployments`);
    const { nodes, pageInfo } = data.repository.deployments;
    const fresh = nodes.filter((n) => n.createdAt >= pass.since);
    let { newest, oldestInFlight } = pass;
    for (const n of fresh) {
      newest = maxIso(newest, n.createdAt);
      if (isInFlight(n) && (oldestInFlight === null || n.createdAt < oldestInFlight)) oldestInFlight = n.createdAt;
    }
    const done = fresh.length < nodes.length || !pageInfo.hasNextPage;
    const next: DeploymentsCursor = done
      ? { since: oldestInFlight ?? newest ?? pass.since, inFlight: oldestInFlight !== null, latestId }
      : {
          since: cursor?.since ?? null,
          inFlight: cursor?.inFlight ?? false,
          latestId: cursor?.latestId ?? null,
          pass: { since: pass.since, after: pageInfo.endCursor, newest, oldestInFlight },
        };
    await scope.db.transaction().execute(async (trx) => {
      rows += await upsertDeployments(
        trx,
        fresh.map((n) => toDeploymentInput(scope.repositoryId, n)),
      );
      await saveCursor(trx, key, next, scope.now);
    });
    if (!next.pass) return rows;
    pass = next.pass;
  }
}
