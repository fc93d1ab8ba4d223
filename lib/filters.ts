/** The dashboard's shared filters (client-safe: no zod here; parsing lives in resolve-filters.ts). */
import { DEFAULT_COMPARISON, type ComparisonPeriod } from './comparison-window';

/** The date ranges the dashboard offers; `custom` reads `from` and `to` from the URL. */
export const RANGES = [
  '30',
  '90',
  '180',
  'this-month',
  'last-month',
  'this-quarter',
  'last-quarter',
  'custom',
] as const;
/** Calendar presets: whole UTC months and quarters (this one up to the start of today). */
export const CALENDAR_RANGES = ['this-month', 'last-month', 'this-quarter', 'last-quarter'] as const;
export type CalendarRange = (typeof CALENDAR_RANGES)[number];
export const isCalendarRange = (r: string): r is CalendarRange => (CALENDAR_RANGES as readonly string[]).includes(r);

const CALENDAR_LABEL: Record<CalendarRange, string> = {
  'this-month': 'This month',
  'last-month': 'Last month',
  'this-quarter': 'This quarter',
  'last-quarter': 'Last quarter',
};

/**
 * The first and last day of a calendar preset at `at` (UTC). The current month or quarter ends
 * with yesterday, like the other presets (whole days); on its first day, with today.
 * @example calendarDays('last-quarter', new Date('2026-06-01T12:00:00Z')) // { fromDay: '2026-01-01', toDay: '2026-03-31' }
 */
export function calendarDays(range: CalendarRange, at: Date): { fromDay: string; toDay: string } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const quarter = m - (m % 3);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const start = {
    'this-month': Date.UTC(y, m, 1),
    'last-month': Date.UTC(y, m - 1, 1),
    'this-quarter': Date.UTC(y, quarter, 1),
    'last-quarter': Date.UTC(y, quarter - 3, 1),
  }[range];
  const today = Date.UTC(y, m, at.getUTCDate());
  const end = range.startsWith('this-')
    ? Math.max(start, today - 86_400_000)
    : range === 'last-month'
      ? Date.UTC(y, m, 1) - 86_400_000
      : Date.UTC(y, quarter, 1) - 86_400_000;
  return { fromDay: day(start), toDay: day(end) };
}
export type RangeId = (typeof RANGES)[number];
/** The range a view opens at: the same 90 days as the API's default window (lib/window.ts). */
export const DEFAULT_RANGE: RangeId = '90';

/**
 * What a range is compared with unless the URL says otherwise: a calendar month or quarter with the
 * one before (the same days of it, for the current one), any other range with the previous period.
 */
export function defaultComparison(range: string): ComparisonPeriod {
  if (range === 'this-month' || range === 'last-month') return 'previous-month';
  if (range === 'this-quarter' || range === 'last-quarter') return 'previous-quarter';
  return DEFAULT_COMPARISON;
}

export const COMPARISON_LABEL: Record<ComparisonPeriod, string> = {
  'previous-period': 'Previous period',
  'previous-month': 'Previous month',
  'previous-quarter': 'Previous quarter',
  'previous-year': 'Same period last year',
};

/**
 * The window a view compares with, in words.
 * @example comparedWindowName({ compare: 'previous-quarter', days: 61 }) // "the same days a quarter earlier"
 */
export function comparedWindowName(f: { compare: ComparisonPeriod; days: number }): string {
  if (f.compare === 'previous-period') return `previous ${f.days} days`;
  const back = { 'previous-month': 'a month', 'previous-quarter': 'a quarter', 'previous-year': 'a year' }[f.compare];
  return `the same days ${back} earlier`;
}

/**
 * How a tile names the window it compares with.
 * @example comparisonLabel({ compare: 'previous-period', days: 90 }) // "vs previous 90 days"
 */
export const comparisonLabel = (f: { compare: ComparisonPeriod; days: number }) => `vs ${comparedWindowName(f)}`;

/** The filters every dashboard view shares, resolved to a window of ISO instants. */
export interface DashboardFilters {
  range: RangeId;
  team: string | null;
  /** What the window is compared with (GET /api/v1/dora `compare`). */
  compare: ComparisonPeriod;
  /** [from, to) as ISO instants, exactly what the API is asked for (see lib/window.ts). */
  from: string;
  to: string;
  /** The days shown in the custom inputs (to is the last day included). */
  fromDay: string;
  toDay: string;
  days: number;
}

/**
 * The window in words, exactly as computed: a preset is whole UTC days ending before today; a
 * custom range names its days, and the time it stops at when that is now.
 * @example periodLabel(f) // "Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)"
 */
export function periodLabel(f: Pick<DashboardFilters, 'range' | 'from' | 'to' | 'fromDay' | 'toDay' | 'days'>): string {
  const instant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  const endsAtMidnight = f.to.slice(11, 19) === '00:00:00';
  const days = endsAtMidnight
    ? `${f.fromDay} to ${f.toDay} (UTC, whole days)`
    : `${f.fromDay} to ${instant(f.to)} UTC (now)`;
  if (f.range === 'custom') return days;
  return isCalendarRange(f.range) ? `${CALENDAR_LABEL[f.range]}: ${days}` : `Last ${f.days} days: ${days}`;
}

/** Search params that reproduce a view's filters (what goes in the URL). */
export function filterSearch(
  f: Pick<DashboardFilters, 'range' | 'team' | 'fromDay' | 'toDay' | 'compare'>,
): URLSearchParams {
  const out = new URLSearchParams();
  if (f.range !== DEFAULT_RANGE) out.set('range', f.range);
  if (f.range === 'custom') {
    out.set('from', f.fromDay);
    out.set('to', f.toDay);
  }
  if (f.compare !== defaultComparison(f.range)) out.set('compare', f.compare);
  if (f.team) out.set('team', f.team);
  return out;
}

/**
 * The exact window and scope as list-page parameters, so a drill-down shows the rows behind a
 * figure; a comparison other than the default rides along for the list's back link.
 */
export function drillSearch(
  window: { from: string; to: string; compare?: ComparisonPeriod },
  scope: { team?: string | null; service?: string | null },
  extra: Record<string, string> = {},
): string {
  const out = new URLSearchParams({ from: window.from, to: window.to });
  if (window.compare && window.compare !== DEFAULT_COMPARISON) out.set('compare', window.compare);
  if (scope.service) out.set('service', scope.service);
  else if (scope.team) out.set('team', scope.team);
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  return out.toString();
}

/**
 * `path` with the window and team a view carries to the next one (nav, team, service and back
 * links): the preset range, or a custom range's days, what it is compared with (when not the
 * range's default), and the team. Any fragment stays last.
 * @example carry('/teams/payments', { range: '180' }) // → '/teams/payments?range=180'
 */
export function carry(
  path: string,
  f: {
    range?: string | null;
    fromDay?: string | null;
    toDay?: string | null;
    team?: string | null;
    compare?: string | null;
  },
): string {
  const search = new URLSearchParams();
  if (f.range && f.range !== DEFAULT_RANGE) search.set('range', f.range);
  if (f.range === 'custom' && f.fromDay && f.toDay) {
    search.set('from', f.fromDay);
    search.set('to', f.toDay);
  }
  if (f.compare && f.compare !== defaultComparison(f.range ?? DEFAULT_RANGE)) search.set('compare', f.compare);
  if (f.team) search.set('team', f.team);
  if (search.size === 0) return path;
  const [base, hash] = path.split('#');
  return `${base}${base!.includes('?') ? '&' : '?'}${search}${hash === undefined ? '' : `#${hash}`}`;
}

const DAY = 86_400_000;
const PRESET_DAYS = RANGES.filter((r) => r !== 'custom').map(Number);

/**
 * The dashboard filters that reproduce a drill-down's exact window `[from, to)`: the preset it
 * came from when it is one (`today` is the start of the current UTC day), else its whole days,
 * else none (an instant window has no dashboard equivalent).
 */
export function filtersOfWindow(
  from: Date,
  to: Date,
  today: Date,
): { range: string; fromDay?: string; toDay?: string } | null {
  const days = (to.getTime() - from.getTime()) / DAY;
  if (to.getTime() === today.getTime() && PRESET_DAYS.includes(days)) return { range: String(days) };
  const midnight = (d: Date) => d.getTime() % DAY === 0;
  if (!midnight(from) || !midnight(to)) return null;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { range: 'custom', fromDay: day(from.getTime()), toDay: day(to.getTime() - DAY) };
}
