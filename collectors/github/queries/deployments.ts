import { z } from 'zod';
import { login, pageInfo, rateLimit } from './rate-limit';

/** Deployments of every environment, newest first, with their statuses: round((1 + 100) / 100) = 1 point per page. */
export const DEPLOYMENTS_PAGE_SIZE = 100;

export const DEPLOYMENTS_QUERY = /* GraphQL */ `
  query Deployments($owner: String!, $name: String!, $cursor: String) {
    rateLimit { cost remaining resetAt }
    repository(owner: $owner, name: $name) {
      deployments(first: ${DEPLOYMENTS_PAGE_SIZE}, after: $cursor, orderBy: { field: CREATED_AT, direction: DESC }) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          databaseId
          environment
          commitOid
          ref { name }
          creator { login }
          createdAt
          updatedAt
          statuses(first: 100) { nodes { state createdAt description } }
        }
      }
    }
  }
`;

export const deploymentNode = z.object({
  id: z.string(),
  databaseId: z.number().nullable(),
  environment: z.string().nullable(),
  commitOid: z.string(),
  ref: z.object({ name: z.string() }).nullable(),
  creator: login,
  createdAt: z.string(),
  updatedAt: z.string(),
  statuses: z
    .object({
      nodes: z.array(
        z.object({ state: z.string(), createdAt: z.string(), description: z.string().nullable().optional() }),
      ),
    })
    .nullable(),
});
export type DeploymentNode = z.infer<typeof deploymentNode>;

export const deploymentsResponse = z.object({
  rateLimit,
  repository: z.object({ deployments: z.object({ pageInfo, nodes: z.array(deploymentNode) }) }).nullable(),
});
