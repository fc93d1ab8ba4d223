import { z } from 'zod';
import { pageInfo, rateLimit } from './rate-limit';

/**
 * Repository settings plus the cheap "anything new since my cursor?" probes: the
 * default-branch head (an object, free), and the newest pull request and deployment
 * (one-item connections). 2 connections per repository, so a page of 74 costs
 * round((1 + 2·74) / 100) = 1 point. Topics, a third connection, are read with the facts
 * (when the head moves, or daily), so a sync that finds nothing new lists 300 repositories
 * for 5 points.
 */
const REPOSITORY_FIELDS = /* GraphQL */ `
  fragment RepositoryFields on Repository {
    id
    nameWithOwner
    name
    owner {
      login
    }
    url
    description
    isArchived
    isFork
    visibility
    pushedAt
    deleteBranchOnMerge
    hasVulnerabilityAlertsEnabled
    licenseInfo {
      spdxId
    }
    defaultBranchRef {
      name
      target {
        oid
      }
    }
    latestPullRequest: pullRequests(first: 1, orderBy: { field: UPDATED_AT, direction: DESC }) {
      nodes {
        updatedAt
      }
    }
    latestDeployment: deployments(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes {
        databaseId
      }
    }
  }
`;

export const ORGANIZATION_PAGE_SIZE = 74;
export const NAMED_BATCH = 33;

export const ORGANIZATION_REPOSITORIES_QUERY = /* GraphQL */ `
  query OrganizationRepositories($login: String!, $cursor: String) {
    rateLimit { cost remaining resetAt }
    organization(login: $login) {
      repositories(first: ${ORGANIZATION_PAGE_SIZE}, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        nodes { ...RepositoryFields }
      }
    }
  }
  ${REPOSITORY_FIELDS}
`;

/** Named repositories, many per request through aliases (`r0: repository(…)`). */
export function namedRepositoriesQuery(names: readonly { owner: string; name: string }[]): string {
  const fields = names
    .map((_, i) => `r${i}: repository(owner: $owner${i}, name: $name${i}) { ...RepositoryFields }`)
    .join('\n    ');
  const params = names.map((_, i) => `$owner${i}: String!, $name${i}: String!`).join(', ');
  return `query NamedRepositories(${params}) {\n    rateLimit { cost remaining resetAt }\n    ${fields}\n  }\n  ${REPOSITORY_FIELDS}`;
}

export const repositoryNode = z.object({
  id: z.string(),
  nameWithOwner: z.string(),
  name: z.string(),
  owner: z.object({ login: z.string() }),
  url: z.string(),
  description: z.string().nullable(),
  isArchived: z.boolean(),
  isFork: z.boolean(),
  visibility: z.string(),
  pushedAt: z.string().nullable(),
  deleteBranchOnMerge: z.boolean(),
  hasVulnerabilityAlertsEnabled: z.boolean(),
  licenseInfo: z.object({ spdxId: z.string().nullable() }).nullable(),
  defaultBranchRef: z.object({ name: z.string(), target: z.object({ oid: z.string() }).nullable() }).nullable(),
  latestPullRequest: z.object({ nodes: z.array(z.object({ updatedAt: z.string() })) }),
  latestDeployment: z.object({ nodes: z.array(z.object({ databaseId: z.number().nullable() })) }),
});
export type RepositoryNode = z.infer<typeof repositoryNode>;

export const organizationRepositoriesResponse = z.object({
  rateLimit,
  organization: z
    .object({
      repositories: z.object({ pageInfo, nodes: z.array(repositoryNode) }),
    })
    .nullable(),
});
