/**
 * The one source of "now". `PAVED_NOW` (an ISO instant) pins it, so tests, the demo
 * organisation and reproducible reports agree on what "the last 30 days" means.
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

/** Midnight UTC of the day containing `date`. */
export function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** `[now - days, now)` as used by "last N days" views. */
export function lastDays(days: number, at: Date = now()): { from: Date; to: Date } {
  return { from: new Date(at.getTime() - days * DAY_MS), to: at };
}
