import type { Db } from '../db/database';
import { getSetting } from '../db/writes/settings';
import { DAY_MS, now } from '../lib/clock';
import type { LoadedConfig } from '../lib/config';
import { getPipelineFigures, type PipelineFigures } from '../metrics/pipeline';
import type { DoraFigures, GetDoraFigures } from './dora-contract';
import { loadScorecards, type LoadedScorecards } from './load-scorecards';
import { persistEvaluation, SCORECARDS_HASH_SETTING, type ResultRow } from './persist-evaluation';
import { filterExclusion, resolveState } from './resolve-state';
import { evaluateRule } from './rules/evaluate-rule';
import type { RuleContext } from './rules/outcome';
import { loadServiceSubjects, type ServiceSubject } from './service-subjects';
import { STATES, type CheckState } from './states';

export interface EvaluationDeps {
  /** The DORA engine (`getDoraFigures` from metrics/dora.ts); injected so scorecards do not bind to it. */
  metrics: GetDoraFigures;
  at?: Date;
  /** Already loaded scorecards; read from the file the config names when absent. */
  scorecards?: LoadedScorecards;
}

export interface EvaluationSummary {
  evaluatedAt: string;
  file: string;
  fileHash: string;
  services: number;
  results: number;
  byState: Record<CheckState, number>;
  /** Exemptions naming a service Paved does not know (a typo, or a service since removed). */
  warnings: string[];
}

/**
 * Evaluates every check of every scorecard for every service and stores the results,
 * today's snapshot and the file hash. Called by the sync's `deriveAll` and on file change.
 * @example await evaluateScorecards(db, loadConfig(), { metrics: getDoraFigures, at: now() })
 */
export async function evaluateScorecards(
  db: Db,
  loaded: LoadedConfig,
  deps: EvaluationDeps,
): Promise<EvaluationSummary> {
  const at = deps.at ?? now();
  const scorecards = deps.scorecards ?? loadScorecards(loaded, { at });
  const subjects = await loadServiceSubjects(db);
  const rows = await evaluateSubjects(db, loaded, deps.metrics, scorecards, subjects, at);
  await persistEvaluation(db, scorecards, rows, at);
  const byState = Object.fromEntries(STATES.map((s) => [s, rows.filter((r) => r.state === s).length])) as Record<
    CheckState,
    number
  >;
  const known = new Set(subjects.map((s) => s.slug));
  const warnings = scorecards.exemptions
    .filter((e) => !known.has(e.service))
    .map(
      (e) =>
        `${scorecards.file}: the exemption of check "${e.check}" names service "${e.service}", which does not exist`,
    );
  return {
    evaluatedAt: at.toISOString(),
    file: scorecards.file,
    fileHash: scorecards.fileHash,
    services: subjects.length,
    results: rows.length,
    byState,
    warnings,
  };
}

/**
 * Re-evaluates when the scorecards file (or its exemptions file) changed since the last
 * evaluation, comparing its hash with the one stored in `settings`.
 * @example if (await reevaluateIfChanged(db, loaded, { metrics })) log.info('scorecards re-evaluated');
 */
export async function reevaluateIfChanged(
  db: Db,
  loaded: LoadedConfig,
  deps: EvaluationDeps,
): Promise<EvaluationSummary | null> {
  const scorecards = deps.scorecards ?? loadScorecards(loaded, { at: deps.at ?? now() });
  const stored = await getSetting<string>(db, SCORECARDS_HASH_SETTING);
  if (stored === scorecards.fileHash) return null;
  return evaluateScorecards(db, loaded, { ...deps, scorecards });
}

const CONCURRENCY = 4;

/**
 * Every check of every scorecard for the given services as of `at`. `evaluateScorecards`
 * passes today's services; a backfill passes the services as they were on a past day.
 */
export async function evaluateSubjects(
  db: Db,
  loaded: LoadedConfig,
  metrics: GetDoraFigures,
  scorecards: LoadedScorecards,
  subjects: readonly ServiceSubject[],
  at: Date,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  // A few services at a time: rules wait on the database (facts are in memory, metrics are not).
  for (let i = 0; i < subjects.length; i += CONCURRENCY) {
    const batch = await Promise.all(
      subjects
        .slice(i, i + CONCURRENCY)
        .map((subject) => evaluateSubject(db, loaded, metrics, scorecards, subject, at)),
    );
    rows.push(...batch.flat());
  }
  return rows;
}

async function evaluateSubject(
  db: Db,
  loaded: LoadedConfig,
  metrics: GetDoraFigures,
  scorecards: LoadedScorecards,
  subject: ServiceSubject,
  at: Date,
): Promise<ResultRow[]> {
  const ctx = contextFor(db, loaded, metrics, subject, at, scorecards.settings.factsMaxAgeDays);
  const rows: ResultRow[] = [];
  for (const card of scorecards.scorecards) {
    const results = await Promise.all(
      card.checks.map(async (check) => {
        const excluded = filterExclusion(check.filter, subject);
        if (excluded) return { state: 'not_applicable' as const, outcome: null, reason: excluded, exemption: null };
        const exemption = scorecards.exemptions.find(
          (e) => e.service === subject.slug && e.check === check.id && (!e.scorecard || e.scorecard === card.id),
        );
        return resolveState(check, await evaluateRule(check.rule, ctx), exemption, at);
      }),
    );
    results.forEach((r, i) => rows.push({ scorecardId: card.id, check: card.checks[i]!, serviceId: subject.id, ...r }));
  }
  return rows;
}

function contextFor(
  db: Db,
  loaded: LoadedConfig,
  metrics: GetDoraFigures,
  subject: ServiceSubject,
  at: Date,
  factsMaxAgeDays: number,
): RuleContext {
  const dora = new Map<number, Promise<DoraFigures>>();
  const pipelines = new Map<string, Promise<PipelineFigures>>();
  const window = (days: number) => ({ from: new Date(at.getTime() - days * DAY_MS), to: at });
  return {
    subject,
    at,
    factsMaxAgeDays,
    dora(windowDays) {
      if (!dora.has(windowDays))
        dora.set(windowDays, metrics(db, loaded.config, { type: 'service', slug: subject.slug }, window(windowDays)));
      return dora.get(windowDays)!;
    },
    pipeline({ windowDays, workflow, branch }) {
      const key = JSON.stringify([windowDays, workflow, branch]);
      if (!pipelines.has(key))
        pipelines.set(
          key,
          getPipelineFigures(db, {
            repositoryIds: subject.repositories.map((r) => r.id),
            ...window(windowDays),
            workflow,
            branch,
          }),
        );
      return pipelines.get(key)!;
    },
  };
}
