import { z } from 'zod';
import { DAY_MS, lastDays, now } from './clock';
import { SLUG_PATTERN } from './config-schema';
import { COMPARISONS, comparisonWindow, DEFAULT_COMPARISON } from './comparison-window';
import {
  calendarDays,
  DEFAULT_RANGE,
  defaultComparison,
  isCalendarRange,
  RANGES,
  type DashboardFilters,
} from './filters';
import { DEFAULT_WINDOW_DAYS, isoDay, resolveWindow } from './window';

const slug = z.string().regex(SLUG_PATTERN, 'expected a team slug');

const filterParams = z.object({
  range: z.enum(RANGES, { error: `expected one of ${RANGES.join(', ')}` }).default(DEFAULT_RANGE),
  from: isoDay.optional(),
  to: isoDay.optional(),
  team: slug.optional(),
  compare: z.enum(COMPARISONS, { error: `expected one of ${COMPARISONS.join(', ')}` }).optional(),
});

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function presetFilters(days: number, team: string | null, at: Date, compare = DEFAULT_COMPARISON): DashboardFilters {
  const { from, to } = lastDays(days, at);
  return {
    range: String(days) as DashboardFilters['range'],
    team,
    compare,
    from: from.toISOString(),
    to: to.toISOString(),
    fromDay: dayOf(from.getTime()),
    toDay: dayOf(to.getTime() - DAY_MS),
    days,
  };
}

export type ResolvedFilters =
  { ok: true; filters: DashboardFilters } | { ok: false; message: string; filters: DashboardFilters };

/**
 * Parses `range`, `from`, `to`, `compare` and `team` from a page's search params, by the same window rules
 * as the API (lib/window.ts). Invalid input is reported, with the default filters for the filter
 * bar, rather than silently replaced: figures for another window would pass for the ones asked for.
 * @example resolveFilters({ range: '180', team: 'payments' })
 */
export function resolveFilters(
  params: Record<string, string | string[] | undefined>,
  at: Date = now(),
): ResolvedFilters {
  const single = Object.fromEntries(
    Object.entries(params)
      .map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])
      .filter(([, v]) => v !== undefined && v !== ''),
  );
  const fail = (message: string): ResolvedFilters => ({
    ok: false,
    message,
    filters: presetFilters(DEFAULT_WINDOW_DAYS, null, at),
  });
  const parsed = filterParams.safeParse(single);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail(`${issue.path.map(String).join('.')}: ${issue.message}`);
  }
  const p = parsed.data;
  const team = p.team ?? null;
  const compare = p.compare ?? defaultComparison(p.range);
  // A comparison the API would refuse (one overlapping the window) is refused here too.
  const compared = (filters: DashboardFilters): ResolvedFilters => {
    const c = comparisonWindow({ from: new Date(filters.from), to: new Date(filters.to) }, compare);
    return c.ok ? { ok: true, filters } : fail(`compare: ${c.message}`);
  };
  // A calendar preset is its days, read exactly as a custom range of those days (and as the API reads them).
  const days = isCalendarRange(p.range) ? calendarDays(p.range, at) : { fromDay: p.from, toDay: p.to };
  if (p.range !== 'custom' && !isCalendarRange(p.range))
    return compared(presetFilters(Number(p.range), team, at, compare));
  if (!days.fromDay || !days.toDay) return fail('a custom range needs both from and to');
  const window = resolveWindow({ from: { day: days.fromDay }, to: { day: days.toDay } }, at);
  if (!window.ok) return fail(`${window.path}: ${window.message}`);
  return compared({
    range: p.range,
    team,
    compare,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    fromDay: days.fromDay,
    toDay: days.toDay,
    days: Math.round((window.to.getTime() - window.from.getTime()) / DAY_MS),
  });
}
