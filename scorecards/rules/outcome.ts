import { DAY_MS } from '../../lib/clock';
import { clip, MAX_REASON_CHARS } from '../../lib/limits';
import type { DoraFigures } from '../dora-contract';
import type { PipelineFigures, PipelineQuery } from '../../metrics/pipeline';
import type { RepositoryFacts, ServiceSubject } from '../service-subjects';

export const OUTCOMES = ['pass', 'fail', 'no_data'] as const;
export type RuleOutcome = (typeof OUTCOMES)[number];

/** What a rule says about one service, and why, in words a team can act on. */
export interface Outcome {
  outcome: RuleOutcome;
  reason: string;
}

// Every reason is made here, so this is the one place it is bounded.
export const pass = (reason: string): Outcome => ({ outcome: 'pass', reason: clip(reason, MAX_REASON_CHARS) });
export const fail = (reason: string): Outcome => ({ outcome: 'fail', reason: clip(reason, MAX_REASON_CHARS) });
export const noData = (reason: string): Outcome => ({ outcome: 'no_data', reason: clip(reason, MAX_REASON_CHARS) });

export interface RuleContext {
  subject: ServiceSubject;
  at: Date;
  factsMaxAgeDays: number;
  /** The service's DORA figures over the last `windowDays` before `at` (memoised per window). */
  dora(windowDays: number): Promise<DoraFigures>;
  pipeline(
    query: Omit<PipelineQuery, 'repositoryIds' | 'from' | 'to'> & { windowDays: number },
  ): Promise<PipelineFigures>;
}

/**
 * A repository rule reads only the repository's stored facts, which its content decides: a
 * rule that throws on them fails this service's check with the reason, never the evaluation
 * of every other service.
 */
function isolated(repository: string, evaluate: () => Outcome): Outcome {
  try {
    return evaluate();
  } catch (error) {
    return fail(`the facts of ${repository} could not be read (${(error as Error).message})`);
  }
}

/**
 * Evaluates a repository rule against every repository of the service: all must pass.
 * Missing or stale facts are no_data, never a failure.
 */
export function perRepository(ctx: RuleContext, evaluate: (facts: RepositoryFacts) => Outcome): Outcome {
  const repos = ctx.subject.repositories;
  if (repos.length === 0) return noData('no repository is linked to this service');
  const results = repos.map((repo) => {
    if (!repo.facts || !repo.collectedAt)
      return { repo, result: noData(`repository facts for ${repo.fullName} have not been collected yet`) };
    const ageDays = (ctx.at.getTime() - repo.collectedAt.getTime()) / DAY_MS;
    if (ageDays > ctx.factsMaxAgeDays)
      return {
        repo,
        result: noData(
          `repository facts for ${repo.fullName} are ${Math.floor(ageDays)} days old (stale after ${ctx.factsMaxAgeDays})`,
        ),
      };
    return { repo, result: isolated(repo.fullName, () => evaluate(repo.facts!)) };
  });
  if (results.length === 1) return results[0]!.result;
  const label = (r: (typeof results)[number]) => `${r.repo.fullName}: ${r.result.reason}`;
  const failed = results.filter((r) => r.result.outcome === 'fail');
  if (failed.length > 0) return fail(failed.map(label).join('; '));
  const missing = results.filter((r) => r.result.outcome === 'no_data');
  if (missing.length > 0) return noData(missing.map(label).join('; '));
  return pass(results.map(label).join('; '));
}
