import { z } from 'zod';
import { login, pageInfo, rateLimit } from './rate-limit';

/**
 * Pull requests into the default branch, most recently updated first, so an incremental
 * sync stops at its cursor. Three nested connections (labels, commits, reviews):
 * round((1 + 3·49) / 100) = 1 point per page.
 */
export const PULL_REQUESTS_PAGE_SIZE = 49;

export const PULL_REQUESTS_QUERY = /* GraphQL */ `
  query PullRequests($owner: String!, $name: String!, $base: String!, $cursor: String) {
    rateLimit { cost remaining resetAt }
    repository(owner: $owner, name: $name) {
      pullRequests(first: ${PULL_REQUESTS_PAGE_SIZE}, after: $cursor, baseRefName: $base, orderBy: { field: UPDATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          number
          title
          author { login }
          state
          isDraft
          createdAt
          updatedAt
          mergedAt
          closedAt
          mergeCommit { oid }
          baseRefName
          headRefName
          additions
          deletions
          labels(first: 20) { nodes { name } }
          commits(first: 100) { totalCount nodes { commit { oid authoredDate } } }
          reviews(first: 30) { nodes { author { login } submittedAt } }
        }
      }
    }
  }
`;

export const pullRequestNode = z.object({
  id: z.string(),
  number: z.number(),
  title: z.string(),
  author: login,
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  isDraft: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  mergedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  mergeCommit: z.object({ oid: z.string() }).nullable(),
  baseRefName: z.string(),
  headRefName: z.string(),
  additions: z.number(),
  deletions: z.number(),
  labels: z.object({ nodes: z.array(z.object({ name: z.string() })) }).nullable(),
  commits: z.object({
    totalCount: z.number(),
    nodes: z.array(z.object({ commit: z.object({ oid: z.string(), authoredDate: z.string() }) })),
  }),
  reviews: z.object({ nodes: z.array(z.object({ author: login, submittedAt: z.string().nullable() })) }).nullable(),
});
export type PullRequestNode = z.infer<typeof pullRequestNode>;

export const pullRequestsResponse = z.object({
  rateLimit,
  repository: z.object({ pullRequests: z.object({ pageInfo, nodes: z.array(pullRequestNode) }) }).nullable(),
});
