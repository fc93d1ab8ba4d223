import { z } from 'zod';
import { DAY_MS, now } from './clock';

/** The date ranges the dashboard offers; `custom` reads `from` and `to` from the URL. */
export const RANGES = ['30', '90', '180', 'custom'] as const;
export type RangeId = (typeof RANGES)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);

const filterParams = z.object({
  range: z.enum(RANGES).catch('30'),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  team: slug.optional().catch(undefined),
});

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

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Parses `range`, `from`, `to` and `team` from a page's search params. Anything invalid
 * falls back to the last 30 days rather than failing the page: a shared link with a typo
 * still shows something. A custom range's `to` day is included.
 * @example resolveFilters({ range: '90', team: 'payments' })
 */
export function resolveFilters(params: Record<string, string | string[] | undefined>, at: Date = now()): DashboardFilters {
  const single = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const p = filterParams.parse(single);
  const team = p.team ?? null;
  if (p.range === 'custom' && p.from && p.to && p.from <= p.to) {
    const fromMs = Date.parse(`${p.from}T00:00:00Z`);
    const toMs = Math.min(Date.parse(`${p.to}T00:00:00Z`) + DAY_MS, fromMs + 731 * DAY_MS);
    return { range: 'custom', team, from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), fromDay: p.from, toDay: dayOf(toMs - DAY_MS), days: Math.round((toMs - fromMs) / DAY_MS) };
  }
  const days = p.range === 'custom' ? 30 : Number(p.range);
  const to = at.getTime();
  const from = to - days * DAY_MS;
  return { range: p.range === 'custom' ? '30' : p.range, team, from: new Date(from).toISOString(), to: new Date(to).toISOString(), fromDay: dayOf(from), toDay: dayOf(to), days };
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
export function drillSearch(window: { from: string; to: string }, scope: { team?: string | null; service?: string | null }, extra: Record<string, string> = {}): string {
  const out = new URLSearchParams({ from: window.from, to: window.to });
  if (scope.service) out.set('service', scope.service);
  else if (scope.team) out.set('team', scope.team);
  for (const [k, v] of Object.entries(extra)) out.set(k, v);
  return out.toString();
}
