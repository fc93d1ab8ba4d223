import { FILE_TOO_LARGE, MAX_COLLECTED_FILE_CHARS } from '../../lib/limits';
import { factLookup, type FactLookup, type RepositoryFactsNode } from './queries/facts';
import { parseCatalogInfo } from './catalog-info';

export const FACTS_VERSION = 2;

export interface BranchProtectionFacts {
  pattern: string;
  requiredApprovingReviewCount: number;
  requiresStatusChecks: boolean;
  requiredStatusCheckContexts: string[];
  allowsForcePushes: boolean;
  requiresCodeOwnerReviews: boolean;
  source: 'branch-protection' | 'ruleset' | 'both';
}

/** Branch protection and ruleset rules on the default branch, combined into the stricter reading. */
function branchProtectionOf(node: RepositoryFactsNode): BranchProtectionFacts | null {
  const ref = node.defaultBranchRef;
  if (!ref) return null;
  const rule = ref.branchProtectionRule;
  const rules = ref.rules?.nodes ?? [];
  if (!rule && rules.length === 0) return null;
  const pr = rules.find((r) => r.type === 'PULL_REQUEST')?.parameters;
  const checks = rules.find((r) => r.type === 'REQUIRED_STATUS_CHECKS')?.parameters;
  const rulesetForbidsForcePush = rules.some((r) => r.type === 'NON_FAST_FORWARD');
  const contexts = new Set<string>([
    ...(rule?.requiresStatusChecks
      ? (rule.requiredStatusCheckContexts ?? []).filter((c): c is string => Boolean(c))
      : []),
    ...(checks?.requiredStatusChecks ?? []).map((c) => c.context),
  ]);
  return {
    pattern: rule?.pattern ?? ref.name,
    requiredApprovingReviewCount: Math.max(
      rule?.requiresApprovingReviews ? (rule.requiredApprovingReviewCount ?? 0) : 0,
      pr?.requiredApprovingReviewCount ?? 0,
    ),
    requiresStatusChecks: Boolean(rule?.requiresStatusChecks) || checks !== undefined,
    requiredStatusCheckContexts: [...contexts].sort(),
    allowsForcePushes: rulesetForbidsForcePush ? false : rule ? rule.allowsForcePushes : true,
    requiresCodeOwnerReviews: Boolean(rule?.requiresCodeOwnerReviews) || Boolean(pr?.requireCodeOwnerReview),
    source: rule && rules.length > 0 ? 'both' : rule ? 'branch-protection' : 'ruleset',
  };
}

type BlobNode = { text?: string | null; isBinary?: boolean | null };
type StoredFile = { content: string | null; omitted?: string };

/**
 * A file's content as the rules may read it. The repository's content is untrusted, and every
 * rule reads it (some as YAML), so a file over the cap is kept without its content and with
 * the reason, which a check that needs it shows.
 */
function storedFile(blob: BlobNode): StoredFile {
  if (blob.isBinary) return { content: null, omitted: 'binary' };
  if (blob.text == null) return { content: null };
  if (blob.text.length > MAX_COLLECTED_FILE_CHARS) return { content: null, omitted: FILE_TOO_LARGE };
  return { content: blob.text };
}

/**
 * Scorecard facts in the shape `collectors/demo/repository-facts.ts` produces (files,
 * workflows, branchProtection, repository, catalogInfo?), so scorecards read both alike.
 */
export function toRepositoryFacts(
  node: RepositoryFactsNode,
  collectedAt: Date,
  lookup: FactLookup = factLookup(),
): Record<string, unknown> {
  const files: Record<string, StoredFile> = {};
  lookup.files.forEach((path, i) => {
    const blob = node[`f${i}`] as BlobNode | null | undefined;
    if (blob) files[path] = storedFile(blob);
  });
  // A glob's folder listing: the matching names are present (content is not read).
  lookup.folders.forEach((folder, i) => {
    const tree = node[`g${i}`] as { entries?: { name: string; type: string }[] | null } | null | undefined;
    for (const entry of tree?.entries ?? [])
      if (entry.type === 'blob') files[folder ? `${folder}/${entry.name}` : entry.name] ??= { content: null };
  });
  const workflows = (node.workflows?.entries ?? [])
    .filter((e) => e.type === 'blob' && /\.ya?ml$/i.test(e.name))
    .map((e) => ({ path: e.path ?? `.github/workflows/${e.name}`, ...storedFile(e.object ?? {}) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const facts: Record<string, unknown> = {
    files,
    // What was looked up: a path not listed here is unknown, not absent.
    lookedUp: [...lookup.files, ...lookup.globs],
    workflows,
    branchProtection: branchProtectionOf(node),
    repository: {
      defaultBranch: node.defaultBranchRef?.name ?? null,
      archived: node.isArchived,
      visibility: node.visibility.toLowerCase(),
      deleteBranchOnMerge: node.deleteBranchOnMerge,
      vulnerabilityAlertsEnabled: node.hasVulnerabilityAlertsEnabled,
      licenseSpdxId: node.licenseInfo?.spdxId ?? null,
    },
    collectedAt: collectedAt.toISOString(),
  };
  const catalog = files['catalog-info.yaml']?.content;
  if (catalog) {
    try {
      const descriptor = parseCatalogInfo(catalog);
      if (descriptor) facts.catalogInfo = descriptor;
    } catch (error) {
      facts.catalogInfoError = (error as Error).message;
    }
  }
  return facts;
}
