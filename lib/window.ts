import { z } from 'zod';
import { DAY_MS, lastDays, now } from './clock';

/**
 * The one reading of a reporting window, for the API and the pages alike (docs/metrics.md, "Windows"):
 * - no bounds: the last {@link DEFAULT_WINDOW_DAYS} whole UTC days, ending at the start of today;
 * - a `from` day starts at its 00:00:00Z; a `to` day is included, so the window ends at the next
 *   midnight, or at now when that midnight has not come yet (the rest of today has not happened);
 * - instants are exact: `from` inclusive, `to` exclusive;
 * - only `to`: the {@link DEFAULT_WINDOW_DAYS} days before it; only `from`: up to now;
 * - `from` must come before `to`, and a window spans at most {@link MAX_WINDOW_DAYS} days.
 */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_WINDOW_DAYS = 731;

// Earlier years are typos (0001-…) rather than delivery history, and Date handles them oddly;
// later ones overflow PostgreSQL's timestamps once a window or its buckets reach past 9999.
export const plausibleYear = (value: string) => value.slice(0, 4) >= '1970' && value.slice(0, 4) <= '2999';
const YEAR_MESSAGE = 'years before 1970 or after 2999 are not supported';

const DAY_FORMAT = 'expected a real date as YYYY-MM-DD';

/** A real calendar day, `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are refused). */
export const isoDay = z.iso.date({ error: DAY_FORMAT }).refine(plausibleYear, YEAR_MESSAGE);

export type WindowBound = { day: string } | { instant: Date };

/**
 * A window bound as given: a real day (whole-day rules apply), or a real instant with seconds and
 * an offset (2026-01-31T12:00:00Z, 2026-01-31T14:00:00+02:00), which is exact.
 */
export const windowBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'expected a date (2026-01-31) or an instant with offset (2026-01-31T12:00:00Z)',
  })
  .refine(plausibleYear, YEAR_MESSAGE)
  .transform((v): WindowBound => (v.length === 10 ? { day: v } : { instant: new Date(v) }));

const startOfDay = (day: string) => new Date(`${day}T00:00:00Z`);

/**
 * `[from, to)` for the given bounds, or the message to show or answer with 400.
 * @example resolveWindow({ from: { day: '2026-07-01' }, to: { day: '2026-09-30' } }) // → [07-01, 10-01)
 */
export function resolveWindow(
  bounds: { from?: WindowBound; to?: WindowBound },
  at: Date = now(),
): { ok: true; from: Date; to: Date } | { ok: false; path: 'from' | 'to'; message: string } {
  if (!bounds.from && !bounds.to) return { ok: true, ...lastDays(DEFAULT_WINDOW_DAYS, at) };
  const from = bounds.from ? ('day' in bounds.from ? startOfDay(bounds.from.day) : bounds.from.instant) : undefined;
  let to: Date;
  if (!bounds.to) to = at;
  else if ('instant' in bounds.to) to = bounds.to.instant;
  else {
    const dayEnd = new Date(startOfDay(bounds.to.day).getTime() + DAY_MS);
    const started = !from || from.getTime() < at.getTime();
    to = dayEnd.getTime() > at.getTime() && started ? at : dayEnd;
  }
  const start = from ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (start.getTime() >= to.getTime()) return { ok: false, path: 'from', message: 'from must be before to' };
  if (to.getTime() - start.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    return { ok: false, path: 'to', message: `the window may span at most ${MAX_WINDOW_DAYS} days` };
  return { ok: true, from: start, to };
}
