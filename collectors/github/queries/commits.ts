import { z } from 'zod';
import { pageInfo, rateLimit } from './rate-limit';

/**
 * Default-branch history from a pinned commit, newest first. Two nested connections per
 * commit (parents, associated pull request): round((1 + 2·74) / 100) = 1 point per page.
 * The full message is read (a scalar, no points) but kept only for reverts.
 */
export const COMMITS_PAGE_SIZE = 74;

export const COMMIT_HISTORY_QUERY = /* GraphQL */ `
  query CommitHistory($owner: String!, $name: String!, $head: GitObjectID!, $since: GitTimestamp, $cursor: String) {
    rateLimit { cost remaining resetAt }
    repository(owner: $owner, name: $name) {
      object(oid: $head) {
        ... on Commit {
          history(first: ${COMMITS_PAGE_SIZE}, after: $cursor, since: $since) {
            pageInfo { hasNextPage endCursor }
            nodes {
              oid
              authoredDate
              committedDate
              messageHeadline
              message
              author { email user { login } }
              parents(first: 5) { nodes { oid } }
              associatedPullRequests(first: 1) { nodes { number } }
            }
          }
        }
      }
    }
  }
`;

export const commitNode = z.object({
  oid: z.string(),
  authoredDate: z.string(),
  committedDate: z.string(),
  messageHeadline: z.string(),
  message: z.string(),
  author: z.object({ email: z.string().nullable(), user: z.object({ login: z.string() }).nullable() }).nullable(),
  parents: z.object({ nodes: z.array(z.object({ oid: z.string() })) }),
  associatedPullRequests: z.object({ nodes: z.array(z.object({ number: z.number() })) }).nullable(),
});
export type CommitNode = z.infer<typeof commitNode>;

export const commitHistoryResponse = z.object({
  rateLimit,
  repository: z
    .object({
      object: z.object({ history: z.object({ pageInfo, nodes: z.array(commitNode) }) }).nullable(),
    })
    .nullable(),
});
