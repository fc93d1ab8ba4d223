import type { z } from 'zod';
import type { Db } from '../db/database';
import { WEEK_MS } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { comparisonWindow, DEFAULT_COMPARISON, type ComparisonPeriod } from '../lib/comparison-window';
import { BENCHMARK } from './definitions';
import { compareFigures, isCovered } from './comparison';
import { getCoverageStart, getCoverageStarts } from './coverage';
import { computeFigures, computeFiguresOfScopesOver, computeSeries, type DoraFigures, type Window } from './dora';
import { resolveScopesBy } from './figures-of-scopes';
import { countIncidentOverrides, countIncidentOverridesOf } from './incident-overrides';
import type { doraReport } from './responses';
import { resolveScope, type DoraScope, type ResolvedScope } from './scope';
import { judgeTargets, targetsInForce, targetsOf } from './targets';
import { now } from '../lib/clock';

export type ScopeParam = { service?: string; team?: string };

export function scopeOf(param: ScopeParam): DoraScope {
  if (param.service) return { type: 'service', slug: param.service };
  if (param.team) return { type: 'team', slug: param.team };
  return { type: 'organisation' };
}

function describeScope(scope: DoraScope) {
  return scope.type === 'service' || scope.type === 'team'
    ? { type: scope.type, slug: scope.slug }
    : { type: 'organisation' as const, slug: null };
}

const iso = (w: Window) => ({ from: w.from.toISOString(), to: w.to.toISOString() });

export type DoraReport = z.infer<typeof doraReport>;

/**
 * The figures of a scope over a window and over the window it is compared with (`compare`: by
 * default the preceding window of equal length), where the scope's collected history starts, and
 * how each figure compares (coverage and small-sample rules); null when the service or team does
 * not exist. A comparison that cannot be made is refused where the query is read (lib/params.ts).
 */
export async function getDoraReport(
  db: Db,
  config: PavedConfig,
  param: ScopeParam,
  window: Window,
  compare: ComparisonPeriod = DEFAULT_COMPARISON,
): Promise<DoraReport | null> {
  const previousWindow = comparedWindow(window, compare);
  const scope = scopeOf(param);
  const resolved = await resolveScope(db, scope);
  if (!resolved) return null;
  const [current, previous, historyFrom, overrides] = await Promise.all([
    computeFigures(db, config, resolved, window),
    computeFigures(db, config, resolved, previousWindow),
    getCoverageStart(db, resolved),
    countIncidentOverrides(db, resolved, window),
  ]);
  return assembleReport(
    config,
    scope,
    resolved,
    { window, previousWindow, compare },
    { current, previous, historyFrom, overrides },
  );
}

/**
 * Every team's report (getDoraReport with `team`), by slug: each part for all teams at once (the
 * figures of both windows from the teams' rollups in one pass each, coverage and overrides in one
 * query each) instead of a report per team. Equal to the reports one at a time (metrics/dora-report.test.ts).
 */
export async function getTeamReports(
  db: Db,
  config: PavedConfig,
  window: Window,
  compare: ComparisonPeriod = DEFAULT_COMPARISON,
): Promise<Record<string, DoraReport>> {
  const previousWindow = comparedWindow(window, compare);
  const teams = await resolveScopesBy(db, 'team');
  const resolved = [...teams.values()];
  const [[current, previous], historyFrom, overrides] = await Promise.all([
    computeFiguresOfScopesOver(db, config, resolved, [window, previousWindow]),
    getCoverageStarts(db, resolved),
    countIncidentOverridesOf(db, resolved, window),
  ]);
  return Object.fromEntries(
    [...teams.keys()].map((slug, i) => [
      slug,
      assembleReport(
        config,
        { type: 'team', slug },
        resolved[i]!,
        { window, previousWindow, compare },
        { current: current![i]!, previous: previous![i]!, historyFrom: historyFrom[i]!, overrides: overrides[i]! },
      ),
    ]),
  );
}

function comparedWindow(window: Window, compare: ComparisonPeriod): Window {
  const compared = comparisonWindow(window, compare);
  if (!compared.ok) throw new Error(`compare=${compare}: ${compared.message}`);
  return { from: compared.from, to: compared.to };
}

/** A report from its parts, however they were read. */
function assembleReport(
  config: PavedConfig,
  scope: DoraScope,
  resolved: ResolvedScope,
  { window, previousWindow, compare }: { window: Window; previousWindow: Window; compare: ComparisonPeriod },
  {
    current,
    previous,
    historyFrom,
    overrides,
  }: { current: DoraFigures; previous: DoraFigures; historyFrom: Date | null; overrides: number },
): DoraReport {
  return {
    scope: describeScope(scope),
    window: iso(window),
    benchmark: BENCHMARK,
    ...current,
    previous: { window: iso(previousWindow), compare, ...previous },
    incidentOverrides: overrides,
    incidentSources: {
      services: resolved.serviceIds.length,
      withoutIncidentSource: resolved.withoutIncidentSource ?? 0,
    },
    coverage: {
      historyFrom: historyFrom?.toISOString() ?? null,
      windowCovered: isCovered(window.from, historyFrom),
      previousWindowCovered: isCovered(previousWindow.from, historyFrom),
    },
    comparison: compareFigures(current, previous, {
      previousFrom: previousWindow.from,
      historyFrom,
      minimumSample: config.metrics.minimumSample,
    }),
    targets: judgeTargets(targetsOf(targetsInForce(config), describeScope(scope)), current, {
      window,
      historyFrom,
      minimumSample: config.metrics.minimumSample,
      today: now().toISOString().slice(0, 10),
    }),
  };
}

/** Consecutive buckets of a window: 7-day weeks from `from`, or UTC calendar months; the last is clipped to `to`. */
export function buckets(window: Window, interval: 'week' | 'month'): Window[] {
  const out: Window[] = [];
  let start = window.from;
  while (start < window.to) {
    const next =
      interval === 'week'
        ? new Date(start.getTime() + WEEK_MS)
        : new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const end = next < window.to ? next : window.to;
    out.push({ from: start, to: end });
    start = end;
  }
  return out;
}

/** The same figures per week or month, for trend charts. */
export async function getDoraSeries(
  db: Db,
  config: PavedConfig,
  param: ScopeParam,
  window: Window,
  interval: 'week' | 'month',
) {
  const scope = scopeOf(param);
  const resolved = await resolveScope(db, scope);
  if (!resolved) return null;
  const windows = buckets(window, interval);
  // Every bucket in one pass: over the organisation's or a team's rollups, else over the derived rows.
  const figures = await computeSeries(db, config, resolved, windows);
  const points = windows.map((bucket, i) => ({ window: iso(bucket), ...figures[i]! }));
  return { scope: describeScope(scope), window: iso(window), benchmark: BENCHMARK, interval, points };
}
