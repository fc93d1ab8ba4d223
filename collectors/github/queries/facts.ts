import { z } from 'zod';
import { rateLimit } from './rate-limit';

/**
 * Scorecard facts: file reads are aliased `object(expression:)` lookups (objects, not
 * connections, so free), the default branch's protection rule is an object and its
 * ruleset rules one connection. Ten repositories per query: round(10 / 100) → 1 point.
 */
export const FACTS_BATCH = 10;

/** Alias → path at the default branch's head. */
export const FACT_FILES = {
  codeownersRoot: 'CODEOWNERS',
  codeownersGithub: '.github/CODEOWNERS',
  codeownersDocs: 'docs/CODEOWNERS',
  catalogInfo: 'catalog-info.yaml',
  readme: 'README.md',
  readmePlain: 'README',
  securityRoot: 'SECURITY.md',
  securityGithub: '.github/SECURITY.md',
  dependabot: '.github/dependabot.yml',
  renovate: 'renovate.json',
  renovateGithub: '.github/renovate.json',
  pullRequestTemplate: '.github/pull_request_template.md',
  runbook: 'docs/runbook.md',
  packageJson: 'package.json',
} as const;
export type FactFileAlias = keyof typeof FACT_FILES;

const FILE_FIELDS = Object.entries(FACT_FILES)
  .map(([alias, path]) => `${alias}: object(expression: "HEAD:${path}") { ...BlobText }`)
  .join('\n    ');

const FACTS_FIELDS = /* GraphQL */ `
  fragment BlobText on Blob { text isBinary }
  fragment FactsFields on Repository {
    nameWithOwner
    isArchived
    visibility
    deleteBranchOnMerge
    hasVulnerabilityAlertsEnabled
    licenseInfo { spdxId }
    ${FILE_FIELDS}
    workflows: object(expression: "HEAD:.github/workflows") {
      ... on Tree { entries { name path type object { ...BlobText } } }
    }
    defaultBranchRef {
      name
      branchProtectionRule {
        pattern
        requiresApprovingReviews
        requiredApprovingReviewCount
        requiresStatusChecks
        requiredStatusCheckContexts
        allowsForcePushes
        requiresCodeOwnerReviews
      }
      rules(first: 50) {
        nodes {
          type
          parameters {
            ... on PullRequestParameters { requiredApprovingReviewCount requireCodeOwnerReview }
            ... on RequiredStatusChecksParameters { requiredStatusChecks { context } }
          }
        }
      }
    }
  }
`;

export function repositoryFactsQuery(count: number): string {
  const params = Array.from({ length: count }, (_, i) => `$owner${i}: String!, $name${i}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `r${i}: repository(owner: $owner${i}, name: $name${i}) { ...FactsFields }`).join('\n    ');
  return `query RepositoryFacts(${params}) {\n    rateLimit { cost remaining resetAt }\n    ${fields}\n  }\n  ${FACTS_FIELDS}`;
}

const blob = z.object({ text: z.string().nullable().optional(), isBinary: z.boolean().nullable().optional() }).nullable();

export const repositoryFactsNode = z.object({
  nameWithOwner: z.string(),
  isArchived: z.boolean(),
  visibility: z.string(),
  deleteBranchOnMerge: z.boolean(),
  hasVulnerabilityAlertsEnabled: z.boolean(),
  licenseInfo: z.object({ spdxId: z.string().nullable() }).nullable(),
  ...Object.fromEntries(Object.keys(FACT_FILES).map((alias) => [alias, blob])) as Record<FactFileAlias, typeof blob>,
  workflows: z
    .object({ entries: z.array(z.object({ name: z.string(), path: z.string().nullable().optional(), type: z.string(), object: blob })).nullable().optional() })
    .nullable(),
  defaultBranchRef: z
    .object({
      name: z.string(),
      branchProtectionRule: z
        .object({
          pattern: z.string(),
          requiresApprovingReviews: z.boolean(),
          requiredApprovingReviewCount: z.number().nullable(),
          requiresStatusChecks: z.boolean(),
          requiredStatusCheckContexts: z.array(z.string().nullable()).nullable(),
          allowsForcePushes: z.boolean(),
          requiresCodeOwnerReviews: z.boolean(),
        })
        .nullable(),
      rules: z
        .object({
          nodes: z.array(
            z.object({
              type: z.string(),
              parameters: z
                .object({
                  requiredApprovingReviewCount: z.number().optional(),
                  requireCodeOwnerReview: z.boolean().optional(),
                  requiredStatusChecks: z.array(z.object({ context: z.string() })).optional(),
                })
                .nullable(),
            }),
          ),
        })
        .nullable(),
    })
    .nullable(),
});
export type RepositoryFactsNode = z.infer<typeof repositoryFactsNode>;

export const repositoryFactsResponse = z.object({ rateLimit }).catchall(z.unknown());
