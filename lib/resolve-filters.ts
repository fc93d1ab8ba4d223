import { z } from 'zod';
import { DAY_MS, now } from './clock';
import { RANGES, type DashboardFilters } from './filters';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/);

const filterParams = z.object({
  range: z.enum(RANGES).catch('30'),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  team: slug.optional().catch(undefined),
});

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Parses `range`, `from`, `to` and `team` from a page's search params. Anything invalid
 * falls back to the last 30 days rather than failing the page: a shared link with a typo
 * still shows something. A custom range's `to` day is included.
 * @example resolveFilters({ range: '90', team: 'payments' })
 */
export function resolveFilters(
  params: Record<string, string | string[] | undefined>,
  at: Date = now(),
): DashboardFilters {
  const single = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const p = filterParams.parse(single);
  const team = p.team ?? null;
  if (p.range === 'custom' && p.from && p.to && p.from <= p.to) {
    const fromMs = Date.parse(`${p.from}T00:00:00Z`);
    const lastDayEnd = Math.min(Date.parse(`${p.to}T00:00:00Z`) + DAY_MS, fromMs + 731 * DAY_MS);
    // A range that includes today ends now: the rest of the day has not happened, and counting it would dilute rates.
    const toMs = Math.max(fromMs + 60_000, Math.min(lastDayEnd, at.getTime()));
    return {
      range: 'custom',
      team,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      fromDay: p.from,
      toDay: dayOf(lastDayEnd - DAY_MS),
      days: Math.round((toMs - fromMs) / DAY_MS),
    };
  }
  const days = p.range === 'custom' ? 30 : Number(p.range);
  const to = at.getTime();
  const from = to - days * DAY_MS;
  return {
    range: p.range === 'custom' ? '30' : p.range,
    team,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    fromDay: dayOf(from),
    toDay: dayOf(to),
    days,
  };
}
