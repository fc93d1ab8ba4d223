import { DAY_MS } from '../../lib/clock';
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

export const pass = (reason: string): Outcome => ({ outcome: 'pass', reason });
export const fail = (reason: string): Outcome => ({ outcome: 'fail', reason });
export const noData = (reason: string): Outcome => ({ outcome: 'no_data', reason });

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
    return { repo, result: evaluate(repo.facts) };
  });
  if (results.length === 1) return results[0]!.result;
  const label = (r: (typeof results)[number]) => `${r.repo.fullName}: ${r.result.reason}`;
  const failed = results.filter((r) => r.result.outcome === 'fail');
  if (failed.length > 0) return fail(failed.map(label).join('; '));
  const missing = results.filter((r) => r.result.outcome === 'no_data');
  if (missing.length > 0) return noData(missing.map(label).join('; '));
  return pass(results.map(label).join('; '));
}
