/** The dashboard's shared filters (client-safe: no zod here; parsing lives in resolve-filters.ts). */
/** The date ranges the dashboard offers; `custom` reads `from` and `to` from the URL. */
export const RANGES = ['30', '90', '180', 'custom'] as const;
export type RangeId = (typeof RANGES)[number];

/** The filters every dashboard view shares, resolved to a window of ISO instants. */
export interface DashboardFilters {
  range: RangeId;
  team: string | null;
  /** [from, to) as ISO instants, exactly what the API is asked for. */
  from: string;
  to: string;
  /** The days shown in the custom inputs (to is the last day included). */
  fromDay: string;
  toDay: string;
  days: number;
}

/**
 * The window in words, exactly as computed: a relative range ends now, so it names the
 * times; a custom range names its days, and the time it stops at when that is now.
 * @example periodLabel(f) // "Last 30 days: 2026-05-02 12:00 to 2026-06-01 12:00 UTC"
 */
export function periodLabel(f: Pick<DashboardFilters, 'range' | 'from' | 'to' | 'fromDay' | 'toDay' | 'days'>): string {
  const instant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (f.range !== 'custom') return `Last ${f.days} days: ${instant(f.from)} to ${instant(f.to)} UTC`;
  const endsAtMidnight = f.to.slice(11, 19) === '00:00:00';
  return endsAtMidnight ? `${f.fromDay} to ${f.toDay} (UTC, whole days)` : `${f.fromDay} to ${instant(f.to)} UTC (now)`;
}

/** Search params that reproduce a view's filters (what goes in the URL). */
export function filterSearch(f: Pick<DashboardFilters, 'range' | 'team' | 'fromDay' | 'toDay'>): URLSearchParams {
  const out = new URLSearchParams();
  if (f.range !== '30') out.set('range', f.range);
  if (f.range === 'custom') {
    out.set('from', f.fromDay);
    out.set('to', f.toDay);
  }
  if (f.team) out.set('team', f.team);
  return out;
}

/** The exact window and scope as list-page parameters, so a drill-down shows the rows behind a figure. */
export function drillSearch(
  window: { from: string; to: string },
  scope: { team?: string | null; service?: string | null },
  extra: Record<string, string> = {},
): string {
  const out = new URLSearchParams({ from: window.from, to: window.to });
  if (scope.service) out.set('service', scope.service);
  else if (scope.team) out.set('team', scope.team);
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  return out.toString();
}
