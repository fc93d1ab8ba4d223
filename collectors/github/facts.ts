import { FACT_FILES, type FactFileAlias, type RepositoryFactsNode } from './queries/facts';
import { parseCatalogInfo } from './catalog-info';

export const FACTS_VERSION = 1;

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
    ...(rule?.requiresStatusChecks ? (rule.requiredStatusCheckContexts ?? []).filter((c): c is string => Boolean(c)) : []),
    ...(checks?.requiredStatusChecks ?? []).map((c) => c.context),
  ]);
  return {
    pattern: rule?.pattern ?? ref.name,
    requiredApprovingReviewCount: Math.max(rule?.requiresApprovingReviews ? (rule.requiredApprovingReviewCount ?? 0) : 0, pr?.requiredApprovingReviewCount ?? 0),
    requiresStatusChecks: Boolean(rule?.requiresStatusChecks) || checks !== undefined,
    requiredStatusCheckContexts: [...contexts].sort(),
    allowsForcePushes: rulesetForbidsForcePush ? false : rule ? rule.allowsForcePushes : true,
    requiresCodeOwnerReviews: Boolean(rule?.requiresCodeOwnerReviews) || Boolean(pr?.requireCodeOwnerReview),
    source: rule && rules.length > 0 ? 'both' : rule ? 'branch-protection' : 'ruleset',
  };
}

/**
 * Scorecard facts in the shape `collectors/demo/repository-facts.ts` produces (files,
 * workflows, branchProtection, repository, catalogInfo?), so scorecards read both alike.
 */
export function toRepositoryFacts(node: RepositoryFactsNode, collectedAt: Date): Record<string, unknown> {
  const files: Record<string, { content: string | null }> = {};
  for (const [alias, path] of Object.entries(FACT_FILES) as [FactFileAlias, string][]) {
    const blob = node[alias];
    if (blob) files[path] = { content: blob.isBinary ? null : (blob.text ?? null) };
  }
  const workflows = (node.workflows?.entries ?? [])
    .filter((e) => e.type === 'blob' && /\.ya?ml$/i.test(e.name))
    .map((e) => ({ path: e.path ?? `.github/workflows/${e.name}`, content: e.object?.isBinary ? null : (e.object?.text ?? null) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const facts: Record<string, unknown> = {
    files,
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
