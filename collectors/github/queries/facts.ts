import { z } from 'zod';
import { rateLimit } from './rate-limit';

/**
 * Scorecard facts: file reads are aliased `object(expression:)` lookups (objects, not
 * connections, so free), the default branch's protection rule is an object, and its
 * ruleset rules and the repository's topics are a connection each. Ten repositories per
 * query: round(21 / 100) → the minimum, 1 point.
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

/**
 * What one facts query looks up: the built-in files, plus the files and single-folder globs
 * (`docs/adr/*.md`) the scorecards read. A glob reads its folder's tree.
 */
export interface FactLookup {
  files: string[];
  globs: string[];
  /** Folder of each glob, in `globs` order. */
  folders: string[];
}

const QUOTE_SAFE = /^[A-Za-z0-9_./*?-]+$/;

/** The lookup for the built-in files plus `extra` paths (invalid or recursive patterns are skipped). */
export function factLookup(extra: readonly string[] = []): FactLookup {
  const wanted = [...new Set([...Object.values(FACT_FILES), ...extra])]
    .filter((p) => QUOTE_SAFE.test(p) && !p.includes('**'))
    .sort();
  const globs = wanted.filter((p) => /[*?]/.test(p) && !/[*?]/.test(p.slice(0, p.lastIndexOf('/') + 1)));
  return {
    files: wanted.filter((p) => !/[*?]/.test(p)),
    globs,
    folders: globs.map((g) => g.slice(0, Math.max(0, g.lastIndexOf('/')))),
  };
}

function fileFields(lookup: FactLookup): string {
  const files = lookup.files.map((path, i) => `f${i}: object(expression: "HEAD:${path}") { ...BlobText }`);
  const folders = lookup.folders.map(
    (folder, i) => `g${i}: object(expression: "HEAD:${folder}") { ... on Tree { entries { name type } } }`,
  );
  return [...files, ...folders].join('\n    ');
}

const factsFields = (lookup: FactLookup) => /* GraphQL */ `
  fragment BlobText on Blob { text isBinary }
  fragment FactsFields on Repository {
    nameWithOwner
    isArchived
    visibility
    deleteBranchOnMerge
    hasVulnerabilityAlertsEnabled
    licenseInfo { spdxId }
    repositoryTopics(first: 20) { nodes { topic { name } } }
    ${fileFields(lookup)}
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

export function repositoryFactsQuery(count: number, lookup: FactLookup = factLookup()): string {
  const params = Array.from({ length: count }, (_, i) => `$owner${i}: String!, $name${i}: String!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) => `r${i}: repository(owner: $owner${i}, name: $name${i}) { ...FactsFields }`,
  ).join('\n    ');
  return `query RepositoryFacts(${params}) {\n    rateLimit { cost remaining resetAt }\n    ${fields}\n  }\n  ${factsFields(lookup)}`;
}

const blob = z
  .object({ text: z.string().nullable().optional(), isBinary: z.boolean().nullable().optional() })
  .nullable();

const treeEntries = z
  .object({
    entries: z
      .array(z.object({ name: z.string(), type: z.string() }))
      .nullable()
      .optional(),
  })
  .nullable();

const repositoryFactsBase = z.object({
  nameWithOwner: z.string(),
  repositoryTopics: z.object({ nodes: z.array(z.object({ topic: z.object({ name: z.string() }) })) }).optional(),
  isArchived: z.boolean(),
  visibility: z.string(),
  deleteBranchOnMerge: z.boolean(),
  hasVulnerabilityAlertsEnabled: z.boolean(),
  licenseInfo: z.object({ spdxId: z.string().nullable() }).nullable(),
  workflows: z
    .object({
      entries: z
        .array(z.object({ name: z.string(), path: z.string().nullable().optional(), type: z.string(), object: blob }))
        .nullable()
        .optional(),
    })
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
/** The node schema for a lookup: `f<i>` blobs and `g<i>` folder trees beside the fixed fields. */
export function repositoryFactsNode(lookup: FactLookup = factLookup()): z.ZodType<RepositoryFactsNode> {
  return repositoryFactsBase.extend({
    ...Object.fromEntries(lookup.files.map((_, i) => [`f${i}`, blob])),
    ...Object.fromEntries(lookup.folders.map((_, i) => [`g${i}`, treeEntries])),
  }) as unknown as z.ZodType<RepositoryFactsNode>;
}
export type RepositoryFactsNode = z.infer<typeof repositoryFactsBase> & Record<string, unknown>;

export const repositoryFactsResponse = z.object({ rateLimit }).catchall(z.unknown());
