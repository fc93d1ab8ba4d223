import type { Db } from '../../db/database';
import { DAY_MS, now } from '../../lib/clock';
import type { PavedConfig } from '../../lib/config-schema';
import type { GetDoraFigures } from '../dora-contract';
import { summarizeBeforeAfter } from '../impact/before-after';
import { checkKind, OUTCOME_CHECKS_EXPLAINED } from '../impact/outcome-checks';
import { outcomeGaps, toOutcomeFigures, type OutcomeFigures, type OutcomeGaps } from '../impact/outcome-figures';
import { rankRoadmap } from '../impact/roadmap';
import {
  confoundingWarning,
  groupByStratum,
  imbalance,
  pooledGaps,
  STRATA,
  type StratifiedComparison,
  type StratifyBy,
} from '../impact/stratified';
import type { LoadedScorecards } from '../load-scorecards';
import { utcDay } from '../persist-evaluation';
import { decodeState } from '../states';
import { adoption, getCurrentResults } from './current-results';
import { getSnapshots } from './snapshots';

export interface ImpactOptions {
  metrics: GetDoraFigures;
  config: PavedConfig;
  at?: Date;
  /** Outcomes of passing vs failing services are compared over the last `windowDays`… */
  windowDays?: number;
  /** …or over exactly this window `[from, to)` (lib/window.ts), when given. */
  window?: { from: Date; to: Date };
  /** Only the services of this team, or of this tier (today's), and only the checks at this level. */
  team?: string;
  tier?: string;
  level?: string;
  /** Before/after compares the `weeks` before a service started passing with the `weeks` after. */
  weeks?: number;
  /** Events needed on each side before an outcome gap counts (changes, deployments, recoveries). */
  minSample?: number;
}

export const CORRELATION_CAUTION =
  'Correlation, not causation: services that pass a check may differ from those that fail it in other ways (team, age, tier, kind of work). Read the gap as a pointer to where to look; the before/after figures for services that started passing are the stronger evidence, and still not proof.';

/**
 * The platform team's view of one scorecard: per check adoption, trend, lagging teams,
 * outcomes of passing vs failing services, before/after for services that started
 * passing, and the ranked roadmap (formula in docs/scorecards.md).
 * @example await getScorecardImpact(db, scorecards, 'golden-path', { metrics: getDoraFigures, config })
 */
export async function getScorecardImpact(db: Db, scorecards: LoadedScorecards, id: string, options: ImpactOptions) {
  const card = scorecards.scorecards.find((c) => c.id === id);
  if (!card) return null;
  const at = options.at ?? now();
  const window = options.window ?? { from: new Date(at.getTime() - (options.windowDays ?? 90) * DAY_MS), to: at };
  const windowDays = Math.round((window.to.getTime() - window.from.getTime()) / DAY_MS);
  const weeks = options.weeks ?? 4;
  const minSample = options.minSample ?? 5;
  // Strata and checks ask for the same groups of services again and again: each group once.
  const cache = new Map<string, Promise<OutcomeFigures>>();
  const figuresOf = (ids: number[], w = window) => {
    const key = `${w.from.getTime()}-${w.to.getTime()}:${[...ids].sort((a, b) => a - b).join(',')}`;
    let figures = cache.get(key);
    if (!figures) {
      figures = (async () =>
        toOutcomeFigures(
          ids.length,
          ids.length ? await options.metrics(db, options.config, { type: 'services', ids }, w) : null,
        ))();
      cache.set(key, figures);
    }
    return figures;
  };
  const results = (await getCurrentResults(db, id)).filter(
    (r) => (!options.team || r.team === options.team) && (!options.tier || r.tier === options.tier),
  );
  const inScope = new Set(results.map((r) => r.serviceId));
  // The trend's last day: `at`'s for the last `windowDays`; for a given window, the last day it
  // covers (a window of whole days ends at the next midnight, which is not in it).
  const lastDay = options.window ? utcDay(new Date(window.to.getTime() - 1)) : utcDay(at);
  const history = (await getSnapshots(db, id, { from: '1970-01-01', to: utcDay(at) })).map((h) => {
    // Only the services in scope: decode their bytes, keep the row's shape.
    if (!options.team && !options.tier) return h;
    const keep = h.serviceIds.map((sid) => inScope.has(sid));
    return { ...h, serviceIds: h.serviceIds.filter((_, i) => keep[i]), codes: h.codes.filter((_, i) => keep[i]) };
  });

  // Checks are independent: compared at once, so their figure queries share the pool.
  const compare = async (check: (typeof card.checks)[number]) => {
    const kind = checkKind(check.rule);
    const mine = results.filter((r) => r.checkId === check.id);
    const overall = adoption(mine);
    const passingIds = mine.filter((r) => r.outcome === 'pass').map((r) => r.serviceId);
    // A check not enforced yet fails nobody: it is not on the roadmap's failing side.
    const failingIds = mine.filter((r) => r.outcome === 'fail' && r.state !== 'upcoming').map((r) => r.serviceId);
    const teams = [...new Set(mine.filter((r) => r.outcome !== null).map((r) => r.team ?? '(no team)'))];
    const laggingTeams = teams
      .map((team) => {
        const theirs = mine.filter((r) => (r.team ?? '(no team)') === team);
        return {
          team,
          ...adoption(theirs),
          failingServices: theirs.filter((r) => r.outcome === 'fail' && r.state !== 'upcoming').map((r) => r.slug),
        };
      })
      .filter((t) => t.rate !== null && overall.rate !== null && t.rate < overall.rate)
      .sort((a, b) => a.rate! - b.rate! || a.team.localeCompare(b.team));

    const series = history.filter((h) => h.checkId === check.id && h.definitionHash === check.definitionHash);
    const trend = series
      .filter((h) => h.day >= utcDay(window.from) && h.day <= lastDay)
      .map((h) => {
        const decoded = h.codes.map(decodeState).filter((d) => d.outcome !== null && d.state !== 'upcoming');
        return {
          day: h.day,
          adoption: decoded.length ? decoded.filter((d) => d.outcome === 'pass').length / decoded.length : null,
        };
      });
    const [passing, failing] = await Promise.all([figuresOf(passingIds), figuresOf(failingIds)]);
    const compared = mine.filter((r) => r.outcome === 'pass' || (r.outcome === 'fail' && r.state !== 'upcoming'));
    const stratified = {} as Record<StratifyBy, StratifiedComparison>;
    for (const by of STRATA) {
      const groups = groupByStratum(
        compared.map((r) => ({ serviceId: r.serviceId, stratum: r[by], passes: r.outcome === 'pass' })),
      );
      const both = groups.filter((g) => g.passing.length > 0 && g.failing.length > 0);
      const strata = await Promise.all(
        both.map(async (g) => ({ passing: await figuresOf(g.passing), failing: await figuresOf(g.failing) })),
      );
      stratified[by] = {
        imbalance: imbalance(groups),
        strata: both.length,
        passing: both.reduce((n, g) => n + g.passing.length, 0),
        failing: both.reduce((n, g) => n + g.failing.length, 0),
        gaps: pooledGaps(strata, minSample, kind.notCompared),
      };
    }
    return {
      checkId: check.id,
      name: check.name,
      level: check.level,
      category: check.category ?? null,
      ...kind,
      adoption: {
        ...overall,
        failing: failingIds.length,
        noData: mine.filter((r) => r.outcome === 'no_data' && r.state !== 'upcoming').length,
      },
      trend: {
        points: trend,
        change:
          trend.length >= 2 && trend[0]!.adoption !== null && trend.at(-1)!.adoption !== null
            ? trend.at(-1)!.adoption! - trend[0]!.adoption!
            : null,
      },
      laggingTeams,
      outcomes: {
        window: { from: window.from.toISOString(), to: window.to.toISOString() },
        passing,
        failing,
        gaps: outcomeGaps(passing, failing, minSample, kind.notCompared),
        stratified,
        warning: confoundingWarning(stratified),
      },
      beforeAfter: await beforeAfter(series, at, weeks, minSample, (ids, w) => figuresOf(ids, w)),
    };
  };
  const checks = await Promise.all(card.checks.filter((c) => !options.level || c.level === options.level).map(compare));
  const rankInput = (c: {
    checkId: string;
    name: string;
    adoption: { failing: number };
    outcomes: { gaps: OutcomeGaps };
  }) => ({
    checkId: c.checkId,
    name: c.name,
    failing: c.adoption.failing,
    gaps: c.outcomes.gaps,
  });
  return {
    scorecard: { id: card.id, name: card.name, levels: card.levels },
    at: at.toISOString(),
    window: { from: window.from.toISOString(), to: window.to.toISOString() },
    windowDays,
    scope: { team: options.team ?? null, tier: options.tier ?? null, level: options.level ?? null },
    weeks,
    minSample,
    caution: CORRELATION_CAUTION,
    checks,
    roadmap: rankRoadmap(checks.filter((c) => c.kind === 'practice').map(rankInput)),
    outcomeChecks: {
      why: OUTCOME_CHECKS_EXPLAINED,
      checks: checks
        .filter((c) => c.kind === 'outcome')
        .map((c) => ({ ...rankInput(c), reads: c.reads, notCompared: c.notCompared })),
    },
  };
}

/**
 * Services whose rule went from fail to pass within the check's current series, with a
 * full `weeks` of history on both sides: their figures before versus after, and the
 * medians across them under the small-sample rule (impact/before-after.ts).
 */
async function beforeAfter(
  series: Awaited<ReturnType<typeof getSnapshots>>,
  at: Date,
  weeks: number,
  minSample: number,
  figuresOf: (ids: number[], w: { from: Date; to: Date }) => Promise<OutcomeFigures>,
) {
  const last = new Map<number, string>();
  const started = new Map<number, string>();
  for (const row of series) {
    row.serviceIds.forEach((sid, i) => {
      const outcome = decodeState(row.codes[i]!).outcome;
      if (outcome === 'pass' && last.get(sid) === 'fail') started.set(sid, row.day);
      if (outcome === 'fail' || outcome === 'pass') last.set(sid, outcome);
    });
  }
  const span = weeks * 7 * DAY_MS;
  const services: { serviceId: number; startedPassing: string; before: OutcomeFigures; after: OutcomeFigures }[] = [];
  for (const [serviceId, day] of [...started.entries()].sort(([a], [b]) => a - b)) {
    const d = Date.parse(`${day}T00:00:00Z`);
    if (last.get(serviceId) !== 'pass' || d + span > at.getTime()) continue;
    const [before, after] = await Promise.all([
      figuresOf([serviceId], { from: new Date(d - span), to: new Date(d) }),
      figuresOf([serviceId], { from: new Date(d), to: new Date(d + span) }),
    ]);
    services.push({ serviceId, startedPassing: day, before, after });
  }
  return { services, summary: summarizeBeforeAfter(services, minSample) };
}

export type ScorecardImpact = NonNullable<Awaited<ReturnType<typeof getScorecardImpact>>>;
