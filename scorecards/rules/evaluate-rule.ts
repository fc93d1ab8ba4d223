import { compare, evaluateThreshold, round, SYMBOLS } from '../../metrics/thresholds';
import type { Rule, RuleOf } from '../definition-schema';
import { fail, noData, pass, perRepository, type Outcome, type RuleContext } from './outcome';
import {
  evaluateFileExists,
  evaluateFileMatches,
  evaluateStructuredPath,
  evaluateWorkflowUses,
} from './repository-rules';
import { evaluateBranchProtection, evaluateRepoSetting } from './settings-rules';

/**
 * What one rule says about one service. Combinators: `all` fails when any part fails,
 * `any` passes when any part passes, `not` swaps pass and fail; no_data stays no_data
 * when it could change the verdict.
 * @example await evaluateRule({ type: 'has_owner' }, ctx) // { outcome: 'pass', reason: 'owned by payments' }
 */
export async function evaluateRule(rule: Rule, ctx: RuleContext): Promise<Outcome> {
  switch (rule.type) {
    case 'file_exists':
      return perRepository(ctx, (f) => evaluateFileExists(rule, f));
    case 'file_matches':
      return perRepository(ctx, (f) => evaluateFileMatches(rule, f));
    case 'yaml_path':
    case 'json_path':
      return perRepository(ctx, (f) => evaluateStructuredPath(rule, f));
    case 'workflow_uses':
      return perRepository(ctx, (f) => evaluateWorkflowUses(rule, f));
    case 'branch_protection':
      return perRepository(ctx, (f) => evaluateBranchProtection(rule, f));
    case 'repo_setting':
      return perRepository(ctx, (f) => evaluateRepoSetting(rule, f));
    case 'has_owner':
      return ctx.subject.team
        ? pass(`owned by team ${ctx.subject.team}`)
        : fail('no owning team (set spec.owner in catalog-info.yaml or catalog.services[].team)');
    case 'has_oncall':
      return evaluateOncall(ctx);
    case 'metric':
      return evaluateMetric(rule, ctx);
    case 'pipeline':
      return evaluatePipeline(rule, ctx);
    case 'all':
    case 'any':
      return combine(rule.type, await Promise.all(rule.rules.map((r) => evaluateRule(r, ctx))));
    case 'not': {
      const inner = await evaluateRule(rule.rule, ctx);
      if (inner.outcome === 'no_data') return inner;
      return inner.outcome === 'pass' ? fail(`not expected: ${inner.reason}`) : pass(`as required, ${inner.reason}`);
    }
  }
}

function combine(type: 'all' | 'any', parts: Outcome[]): Outcome {
  const by = (o: Outcome['outcome']) => parts.filter((p) => p.outcome === o).map((p) => p.reason);
  const [passed, failed, missing] = [by('pass'), by('fail'), by('no_data')];
  if (type === 'all') {
    if (failed.length > 0) return fail(failed.join('; '));
    if (missing.length > 0) return noData(missing.join('; '));
    return pass(passed.join('; '));
  }
  if (passed.length > 0) return pass(passed[0]!);
  if (missing.length > 0) return noData(missing.join('; '));
  return fail(`none holds: ${failed.join('; ')}`);
}

function evaluateOncall(ctx: RuleContext): Outcome {
  const links = ctx.subject.pagerduty;
  if (links.length === 0) return fail('no PagerDuty service is linked (add the pagerduty.com/service-id annotation)');
  const live = links.filter((l) => l.status !== 'disabled');
  if (live.length === 0)
    return fail(
      `the linked PagerDuty service${links.length > 1 ? 's are' : ' is'} disabled (${links.map((l) => l.id).join(', ')})`,
    );
  return pass(`on-call through PagerDuty ${live.map((l) => l.id).join(', ')}`);
}

/** The threshold on the service's figures over the last `windowDays`: the evaluator targets use too. */
async function evaluateMetric(rule: RuleOf<'metric'>, ctx: RuleContext): Promise<Outcome> {
  const figures = await ctx.dora(rule.windowDays);
  // The rule's path closes the reason: readers get words, the file's authors the key they wrote.
  const { outcome, reason } = evaluateThreshold(figures, rule, {
    window: `over the last ${rule.windowDays} days (${rule.metric})`,
  });
  return { pass, fail, no_data: noData }[outcome](reason);
}

async function evaluatePipeline(rule: RuleOf<'pipeline'>, ctx: RuleContext): Promise<Outcome> {
  if (ctx.subject.repositories.length === 0) return noData('no repository is linked to this service');
  const figures = await ctx.pipeline({ windowDays: rule.windowDays, workflow: rule.workflow, branch: rule.branch });
  const scope = `${rule.workflow ? `${rule.workflow} ` : ''}runs${rule.branch ? ` on ${rule.branch}` : ''} over the last ${rule.windowDays} days`;
  if (rule.measure === 'finishedRuns') {
    const ok = compare(figures.finished, rule.op, rule.value);
    return (ok ? pass : fail)(
      `${figures.finished} finished ${scope}${ok ? '' : `, needs ${SYMBOLS[rule.op]} ${rule.value}`}`,
    );
  }
  if (figures.finished < rule.minRuns)
    return noData(`only ${figures.finished} finished ${scope} (needs ${rule.minRuns} to judge)`);
  if (rule.measure === 'successRate') {
    const rate = figures.successRate!;
    const ok = compare(rate, rule.op, rule.value);
    return (ok ? pass : fail)(
      `CI success rate is ${round(rate * 100)}% (${figures.succeeded} of ${figures.finished} ${scope})${ok ? '' : `, needs ${SYMBOLS[rule.op]} ${round(rule.value * 100)}%`}`,
    );
  }
  if (figures.medianDurationSeconds === null) return noData(`no successful ${scope} to time`);
  const minutes = figures.medianDurationSeconds / 60;
  const ok = compare(minutes, rule.op, rule.value);
  return (ok ? pass : fail)(
    `median CI duration is ${round(minutes)} min (${scope})${ok ? '' : `, needs ${SYMBOLS[rule.op]} ${rule.value} min`}`,
  );
}
