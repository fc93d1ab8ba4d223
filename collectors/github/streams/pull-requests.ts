import type { NewPullRequest, NewPullRequestCommit } from '../../../db/schema';
import { upsertPullRequestCommits, upsertPullRequests } from '../../../db/writes/github';
import { getCursor, saveCursor } from '../../../db/writes/sync-state';
import { GithubError } from '../client';
import { PULL_REQUESTS_QUERY, pullRequestsResponse, type PullRequestNode } from '../queries/pull-requests';
import { maxIso, parseResponse, streamKey, type RepositoryScope } from '../scope';

/**
 * `since`: the newest updatedAt collected by the last complete pass (re-read inclusively).
 * `checked`: the newest updatedAt of any pull request (any base) when that pass started, so
 * the cheap probe in the repository listing can skip an unchanged repository.
 */
export interface PullRequestsCursor {
  since: string | null;
  checked: string | null;
  pass?: { since: string; after: string | null; newest: string | null; checked: string | null };
}

export function toPullRequestRows(
  repositoryId: number,
  node: PullRequestNode,
): { pullRequest: NewPullRequest; commits: NewPullRequestCommit[] } {
  const author = node.author?.login ?? null;
  const firstReview = (node.reviews?.nodes ?? [])
    .filter((r) => r.submittedAt && r.author?.login && r.author.login !== author)
    .sort((a, b) => Date.parse(a.submittedAt!) - Date.parse(b.submittedAt!))[0];
  // Commit dates carry the author's offset (+08:00): compare instants, not strings.
  const authored = node.commits.nodes.map((c) => c.commit.authoredDate).sort((a, b) => Date.parse(a) - Date.parse(b));
  return {
    pullRequest: {
      repository_id: repositoryId,
      number: node.number,
      node_id: node.id,
      title: node.title,
      author_login: author,
      state: node.state,
      draft: node.isDraft,
      created_at: node.createdAt,
      updated_at: node.updatedAt,
      merged_at: node.mergedAt,
      closed_at: node.closedAt,
      merge_commit_oid: node.mergeCommit?.oid ?? null,
      base_ref: node.baseRefName,
      head_ref: node.headRefName,
      labels: (node.labels?.nodes ?? []).map((l) => l.name),
      first_commit_authored_at: authored[0] ?? null,
      first_review_at: firstReview?.submittedAt ?? null,
      first_reviewer_login: firstReview?.author?.login ?? null,
      additions: node.additions,
      deletions: node.deletions,
      commit_count: node.commits.totalCount,
    },
    commits: node.commits.nodes.map((c) => ({
      repository_id: repositoryId,
      pull_request_number: node.number,
      oid: c.commit.oid,
      authored_at: c.commit.authoredDate,
    })),
  };
}

/** Pull requests into the default branch, most recently updated first, down to the cursor. */
export async function syncPullRequests(scope: RepositoryScope, newestUpdatedAt: string | null): Promise<number> {
  const key = streamKey(scope, 'pull-requests');
  const cursor = scope.full ? null : await getCursor<PullRequestsCursor>(scope.db, key);
  if (
    !cursor?.pass &&
    cursor &&
    (newestUpdatedAt === null || (cursor.checked !== null && newestUpdatedAt <= cursor.checked))
  )
    return 0;
  if (!cursor && newestUpdatedAt === null) return 0;
  let pass = cursor?.pass ?? {
    since: cursor?.since ?? scope.backfillSince,
    after: null,
    newest: null,
    checked: newestUpdatedAt,
  };
  let rows = 0;
  for (;;) {
    const raw = await scope.client.query(PULL_REQUESTS_QUERY, {
      owner: scope.owner,
      name: scope.name,
      base: scope.defaultBranch,
      cursor: pass.after,
    });
    const data = parseResponse(pullRequestsResponse, raw, `${scope.fullName} pull requests`);
    if (!data.repository)
      throw new GithubError(`GitHub repository ${scope.fullName} was not found while reading pull requests`);
    const { nodes, pageInfo } = data.repository.pullRequests;
    const fresh = nodes.filter((n) => n.updatedAt >= pass.since);
    const mapped = fresh.map((n) => toPullRequestRows(scope.repositoryId, n));
    const newest = fresh.reduce<string | null>((m, n) => maxIso(m, n.updatedAt), pass.newest);
    const done = fresh.length < nodes.length || !pageInfo.hasNextPage;
    const next: PullRequestsCursor = done
      ? { since: newest ?? pass.since, checked: maxIso(pass.checked, newest) }
      : {
          since: cursor?.since ?? null,
          checked: cursor?.checked ?? null,
          pass: { ...pass, after: pageInfo.endCursor, newest },
        };
    await scope.db.transaction().execute(async (trx) => {
      rows += await upsertPullRequests(
        trx,
        mapped.map((m) => m.pullRequest),
      );
      rows += await upsertPullRequestCommits(
        trx,
        mapped.flatMap((m) => m.commits),
      );
      await saveCursor(trx, key, next, scope.now);
    });
    if (!next.pass) return rows;
    pass = next.pass;
  }
}
