import type { Db } from '../../db/database';
import { DAY_MS, now } from '../../lib/clock';
import type { PavedConfig } from '../../lib/config-schema';
import type { GetDoraFigures } from '../dora-contract';
import { median } from '../../metrics/stats';
import { outcomeGaps, toOutcomeFigures, type OutcomeFigures } from '../impact/outcome-figures';
import { rankRoadmap } from '../impact/roadmap';
import type { LoadedScorecards } from '../load-scorecards';
import { utcDay } from '../persist-evaluation';
import { decodeState } from '../states';
import { adoption, getCurrentResults } from './current-results';
import { getSnapshots } from './snapshots';

export interface ImpactOptions {
  metrics: GetDoraFigures;
  config: PavedConfig;
  at?: Date;
  /** Outcomes of passing vs failing services are compared over the last `windowDays`. */
  windowDays?: number;
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
  const windowDays = options.windowDays ?? 90;
  const weeks = options.weeks ?? 4;
  const minSample = options.minSample ?? 5;
  const window = { from: new Date(at.getTime() - windowDays * DAY_MS), to: at };
  const figuresOf = async (ids: number[], w = window) =>
    toOutcomeFigures(
      ids.length,
      ids.length ? await options.metrics(db, options.config, { type: 'services', ids }, w) : null,
    );
  const results = await getCurrentResults(db, id);
  const history = await getSnapshots(db, id, { from: '1970-01-01', to: utcDay(at) });

  const checks = [];
  for (const check of card.checks) {
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
      .filter((h) => h.day >= utcDay(window.from))
      .map((h) => {
        const decoded = h.codes.map(decodeState).filter((d) => d.outcome !== null && d.state !== 'upcoming');
        return {
          day: h.day,
          adoption: decoded.length ? decoded.filter((d) => d.outcome === 'pass').length / decoded.length : null,
        };
      });
    const [passing, failing] = await Promise.all([figuresOf(passingIds), figuresOf(failingIds)]);
    checks.push({
      checkId: check.id,
      name: check.name,
      level: check.level,
      category: check.category ?? null,
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
        gaps: outcomeGaps(passing, failing, minSample),
      },
      beforeAfter: await beforeAfter(series, at, weeks, (ids, w) => figuresOf(ids, w)),
    });
  }
  return {
    scorecard: { id: card.id, name: card.name, levels: card.levels },
    at: at.toISOString(),
    windowDays,
    weeks,
    minSample,
    caution: CORRELATION_CAUTION,
    checks,
    roadmap: rankRoadmap(
      checks.map((c) => ({ checkId: c.checkId, name: c.name, failing: c.adoption.failing, gaps: c.outcomes.gaps })),
    ),
  };
}

/**
 * Services whose rule went from fail to pass within the check's current series, with a
 * full `weeks` of history on both sides: their figures before versus after, and the
 * medians across them.
 */
async function beforeAfter(
  series: Awaited<ReturnType<typeof getSnapshots>>,
  at: Date,
  weeks: number,
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
  const pick = (f: (o: OutcomeFigures) => number | null) => {
    const pairs = services
      .map((s) => [f(s.before), f(s.after)] as const)
      .filter((p): p is readonly [number, number] => p[0] !== null && p[1] !== null);
    return {
      services: pairs.length,
      medianBefore: median(pairs.map((p) => p[0])),
      medianAfter: median(pairs.map((p) => p[1])),
    };
  };
  return {
    services,
    summary: {
      leadTimeSeconds: pick((o) => o.leadTime.medianSeconds),
      changeFailureRate: pick((o) => o.changeFailureRate.rate),
      deploymentsPerWeek: pick((o) => o.deploymentFrequency.perWeekPerService),
      recoveryTimeSeconds: pick((o) => o.recoveryTime.medianSeconds),
    },
  };
}

export type ScorecardImpact = NonNullable<Awaited<ReturnType<typeof getScorecardImpact>>>;
