/**
 * The one source of "now". `PAVED_NOW` (an ISO instant) pins it, so tests, the demo
 * organisation and reproducible reports agree on what "the last 90 days" means.
 */
export function now(): Date {
  const pinned = process.env.PAVED_NOW;
  if (!pinned) return new Date();
  const parsed = new Date(pinned);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`PAVED_NOW must be an ISO-8601 instant such as 2026-06-01T00:00:00Z; found "${pinned}"`);
  }
  return parsed;
}

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of the day containing `date`. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/**
 * "The last N days": the N whole UTC days before today, `[today − N days, today)`. Whole days keep a
 * figure still between reloads, and leaving out the unfinished day keeps rates per week undiluted.
 */
export function lastDays(days: number, at: Date = now()): { from: Date; to: Date } {
  const today = startOfUtcDay(at).getTime();
  return { from: new Date(today - days * DAY_MS), to: new Date(today) };
}
