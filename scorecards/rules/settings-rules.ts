import type { RuleOf } from '../definition-schema';
import type { RepositoryFacts } from '../service-subjects';
import { fail, noData, pass, type Outcome } from './outcome';

/** Collects every unmet requirement, so one reason lists all a team has to change. */
function verdict(problems: string[], unknown: string[], satisfied: string[]): Outcome {
  if (problems.length > 0) return fail(problems.join('; '));
  if (unknown.length > 0) return noData(unknown.join('; '));
  return pass(satisfied.join('; '));
}

export function evaluateBranchProtection(rule: RuleOf<'branch_protection'>, facts: RepositoryFacts): Outcome {
  if (facts.branchProtection === undefined) return noData('branch protection was not collected');
  const bp = facts.branchProtection;
  const branch = facts.repository?.defaultBranch ?? 'the default branch';
  if (bp === null) return fail(`${branch} has no branch protection rule`);
  const problems: string[] = [];
  const unknown: string[] = [];
  const ok: string[] = [];
  if (rule.minApprovals !== undefined) {
    const n = bp.requiredApprovingReviewCount;
    if (n === null) unknown.push('required approvals not visible');
    else if (n < rule.minApprovals) problems.push(`required approvals is ${n}, needs ≥ ${rule.minApprovals}`);
    else ok.push(`required approvals is ${n}`);
  }
  if (rule.requireStatusChecks !== undefined || rule.requiredContexts) {
    const wanted = rule.requireStatusChecks ?? true;
    if (bp.requiresStatusChecks === null) unknown.push('status-check requirement not visible');
    else if (wanted && !bp.requiresStatusChecks) problems.push('status checks are not required before merging');
    else if (!wanted && bp.requiresStatusChecks) problems.push('status checks are required, the rule wants them off');
    else ok.push(bp.requiresStatusChecks ? 'status checks are required' : 'status checks are not required');
  }
  if (rule.requiredContexts && bp.requiresStatusChecks) {
    const have = bp.requiredStatusCheckContexts ?? [];
    const missing = rule.requiredContexts.filter((c) => !have.includes(c));
    if (missing.length > 0)
      problems.push(`required status checks lack ${missing.join(', ')} (has ${have.join(', ') || 'none'})`);
    else ok.push(`requires ${rule.requiredContexts.join(', ')}`);
  }
  if (rule.blockForcePushes !== undefined) {
    if (bp.allowsForcePushes === null) unknown.push('force-push setting not visible');
    else if (rule.blockForcePushes && bp.allowsForcePushes) problems.push('force pushes are allowed');
    else if (!rule.blockForcePushes && !bp.allowsForcePushes)
      problems.push('force pushes are blocked, the rule wants them allowed');
    else ok.push(bp.allowsForcePushes ? 'force pushes are allowed' : 'force pushes are blocked');
  }
  if (rule.requireCodeOwnerReviews !== undefined) {
    if (bp.requiresCodeOwnerReviews === null) unknown.push('code-owner review setting not visible');
    else if (rule.requireCodeOwnerReviews !== bp.requiresCodeOwnerReviews)
      problems.push(
        bp.requiresCodeOwnerReviews
          ? 'code-owner review is required, the rule wants it off'
          : 'code-owner review is not required',
      );
    else ok.push(bp.requiresCodeOwnerReviews ? 'code-owner review is required' : 'code-owner review is not required');
  }
  return verdict(
    problems.map((p) => `${bp.pattern}: ${p}`),
    unknown,
    ok.map((p) => `${bp.pattern}: ${p}`),
  );
}

export function evaluateRepoSetting(rule: RuleOf<'repo_setting'>, facts: RepositoryFacts): Outcome {
  const repo = facts.repository;
  if (!repo) return noData('repository settings were not collected');
  const problems: string[] = [];
  const unknown: string[] = [];
  const ok: string[] = [];
  const flag = (value: boolean | null, wanted: boolean | undefined, name: string) => {
    if (wanted === undefined) return;
    if (value === null || value === undefined) unknown.push(`${name} is not visible to the token`);
    else if (value !== wanted) problems.push(`${name} is ${value ? 'on' : 'off'}, needs ${wanted ? 'on' : 'off'}`);
    else ok.push(`${name} is ${value ? 'on' : 'off'}`);
  };
  flag(repo.deleteBranchOnMerge, rule.deleteBranchOnMerge, 'delete branch on merge');
  flag(repo.vulnerabilityAlertsEnabled, rule.vulnerabilityAlerts, 'vulnerability alerts');
  if (rule.notArchived) {
    if (repo.archived === null) unknown.push('archived state not collected');
    else if (repo.archived) problems.push('the repository is archived');
    else ok.push('not archived');
  }
  if (rule.license !== undefined) {
    const spdx = repo.licenseSpdxId;
    if (!spdx || spdx === 'NOASSERTION')
      problems.push(spdx ? 'the licence is not recognised (NOASSERTION)' : 'no licence is detected');
    else if (rule.license !== true && !rule.license.includes(spdx))
      problems.push(`licence is ${spdx}, needs one of ${rule.license.join(', ')}`);
    else ok.push(`licence is ${spdx}`);
  }
  if (rule.visibility) {
    if (!repo.visibility) unknown.push('visibility not collected');
    else if (!rule.visibility.includes(repo.visibility.toLowerCase() as never))
      problems.push(`visibility is ${repo.visibility}, needs ${rule.visibility.join(' or ')}`);
    else ok.push(`visibility is ${repo.visibility}`);
  }
  return verdict(problems, unknown, ok);
}
