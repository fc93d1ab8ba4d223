import { z } from 'zod';

const REPOSITORY_FIELDS = /* GraphQL */ `
  fragment RepositoryFields on Repository {
    id
    nameWithOwner
    name
    owner { login }
    url
    description
    isArchived
    isFork
    visibility
    pushedAt
    deleteBranchOnMerge
    licenseInfo { spdxId }
    defaultBranchRef { name }
    repositoryTopics(first: 20) { nodes { topic { name } } }
  }
`;

export const ORGANIZATION_REPOSITORIES_QUERY = /* GraphQL */ `
  query OrganizationRepositories($login: String!, $cursor: String) {
    rateLimit { cost remaining resetAt }
    organization(login: $login) {
      repositories(first: 100, after: $cursor, orderBy: { field: NAME, direction: ASC }) {
        pageInfo { hasNextPage endCursor }
        nodes { ...RepositoryFields }
      }
    }
  }
  ${REPOSITORY_FIELDS}
`;

/** Named repositories, many per request through aliases (`r0: repository(…)`). */
export function namedRepositoriesQuery(names: readonly { owner: string; name: string }[]): string {
  const fields = names.map((_, i) => `r${i}: repository(owner: $owner${i}, name: $name${i}) { ...RepositoryFields }`).join('\n    ');
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
  licenseInfo: z.object({ spdxId: z.string().nullable() }).nullable(),
  defaultBranchRef: z.object({ name: z.string() }).nullable(),
  repositoryTopics: z.object({ nodes: z.array(z.object({ topic: z.object({ name: z.string() }) })) }),
});
export type RepositoryNode = z.infer<typeof repositoryNode>;

const rateLimit = z.object({ cost: z.number(), remaining: z.number(), resetAt: z.string() });

export const organizationRepositoriesResponse = z.object({
  rateLimit,
  organization: z
    .object({
      repositories: z.object({
        pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
        nodes: z.array(repositoryNode),
      }),
    })
    .nullable(),
});
