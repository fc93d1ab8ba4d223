import type { z } from 'zod';
import type { Db } from '../db/database';
import { WEEK_MS } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { comparisonWindow, DEFAULT_COMPARISON, type ComparisonPeriod } from '../lib/comparison-window';
import { BENCHMARK } from './definitions';
import { compareFigures, isCovered } from './comparison';
import { getCoverageStart } from './coverage';
import { computeFigures, computeSeries, type Window } from './dora';
import { countIncidentOverrides } from './incident-overrides';
import type { doraReport } from './responses';
import { resolveScope, type DoraScope } from './scope';
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
  const compared = comparisonWindow(window, compare);
  if (!compared.ok) throw new Error(`compare=${compare}: ${compared.message}`);
  const scope = scopeOf(param);
  const resolved = await resolveScope(db, scope);
  if (!resolved) return null;
  const previousWindow = { from: compared.from, to: compared.to };
  const [current, previous, historyFrom, overrides] = await Promise.all([
    computeFigures(db, config, resolved, window),
    computeFigures(db, config, resolved, previousWindow),
    getCoverageStart(db, resolved),
    countIncidentOverrides(db, resolved, window),
  ]);
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
