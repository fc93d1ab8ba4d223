import type { NewCommit } from '../../../db/schema';
import { upsertCommits } from '../../../db/writes/github';
import { getCursor, saveCursor } from '../../../db/writes/sync-state';
import { GithubError } from '../client';
import { COMMIT_HISTORY_QUERY, commitHistoryResponse, type CommitNode } from '../queries/commits';
import { parseResponse, streamKey, type RepositoryScope } from '../scope';

/**
 * `headOid`: the default-branch head the last complete pass reached. `pass`: a pass in
 * progress, pinned to its target commit so a resumed pass pages the same history, with the
 * parents seen but not yet collected (the frontier).
 */
export interface CommitsCursor {
  headOid: string | null;
  pass?: { target: string; after: string | null; frontier: string[] };
}

const REVERT = /This reverts commit [0-9a-f]{7,40}/i;

export function toCommitRow(repositoryId: number, node: CommitNode): NewCommit {
  const isRevert = /^Revert\b/.test(node.messageHeadline) || REVERT.test(node.message);
  return {
    repository_id: repositoryId,
    oid: node.oid,
    parent_oids: node.parents.nodes.map((p) => p.oid),
    authored_at: node.authoredDate,
    committed_at: node.committedDate,
    author_login: node.author?.user?.login ?? null,
    author_email: node.author?.email ?? null,
    message_headline: node.messageHeadline,
    message: isRevert ? node.message : null,
    associated_pull_request_numbers: node.associatedPullRequests?.nodes.map((n) => n.number) ?? [],
  };
}

/**
 * Default-branch history, newest first, from `headOid` back to what is already stored.
 * A pass ends when every parent of what it collected is stored (so merges of old branches
 * and force-pushes are handled: nothing relies on the old head still being an ancestor)
 * or when history reaches the backfill window's start.
 */
export async function syncCommits(scope: RepositoryScope, headOid: string | null): Promise<number> {
  const key = streamKey(scope, 'commits');
  const cursor = scope.full ? null : await getCursor<CommitsCursor>(scope.db, key);
  if (!headOid || (!cursor?.pass && cursor?.headOid === headOid && !scope.full)) return 0;
  let pass = cursor?.pass ?? { target: headOid, after: null, frontier: [] };
  let rows = 0;
  for (;;) {
    const raw = await scope.client.query(COMMIT_HISTORY_QUERY, {
      owner: scope.owner,
      name: scope.name,
      head: pass.target,
      since: scope.backfillSince,
      cursor: pass.after,
    });
    const data = parseResponse(commitHistoryResponse, raw, `${scope.fullName} commits`);
    if (!data.repository)
      throw new GithubError(`GitHub repository ${scope.fullName} was not found while reading commits`);
    const history = data.repository.object?.history;
    if (!history) {
      // The pinned target vanished (a force-push, then garbage collection): start over from the new head.
      if (pass.target === headOid)
        throw new GithubError(`GitHub commit ${headOid} of ${scope.fullName} is not readable`);
      pass = { target: headOid, after: null, frontier: [] };
      continue;
    }
    const commits = history.nodes.map((n) => toCommitRow(scope.repositoryId, n));
    const next = await scope.db.transaction().execute(async (trx) => {
      rows += await upsertCommits(trx, commits);
      const candidates = new Set(pass.frontier);
      for (const c of commits) for (const p of c.parent_oids as string[]) candidates.add(p);
      for (const c of commits) candidates.delete(c.oid);
      const list = [...candidates];
      // A full re-read must not stop at what is stored; an incremental pass stops there.
      const stored =
        list.length === 0 || scope.full
          ? []
          : await trx
              .selectFrom('commits')
              .select('oid')
              .where('repository_id', '=', scope.repositoryId)
              .where('oid', 'in', list)
              .execute();
      const storedSet = new Set(stored.map((r) => r.oid));
      const frontier = list.filter((oid) => !storedSet.has(oid));
      const done = frontier.length === 0 || !history.pageInfo.hasNextPage;
      const nextCursor: CommitsCursor = done
        ? { headOid: pass.target }
        : {
            headOid: cursor?.headOid ?? null,
            pass: { target: pass.target, after: history.pageInfo.endCursor, frontier },
          };
      await saveCursor(trx, key, nextCursor, scope.now);
      return nextCursor;
    });
    if (!next.pass) return rows;
    pass = next.pass;
  }
}
