/**
 * What a window is compared with (docs/metrics.md, "Windows"): `previous-period`, the window of the
 * same length that ends where it starts; or the same calendar days one month, one quarter or one
 * year earlier (`previous-month`, `previous-quarter`, `previous-year`). No zod here: the filter bar
 * offers the same choices in the browser.
 */
export const COMPARISONS = ['previous-period', 'previous-month', 'previous-quarter', 'previous-year'] as const;
export type ComparisonPeriod = (typeof COMPARISONS)[number];
export const DEFAULT_COMPARISON: ComparisonPeriod = 'previous-period';

const MONTHS_BACK: Record<Exclude<ComparisonPeriod, 'previous-period'>, number> = {
  'previous-month': 1,
  'previous-quarter': 3,
  'previous-year': 12,
};

/**
 * The same instant `months` calendar months earlier. A day the earlier month lacks (05-31 → 02-31)
 * becomes its last day for a start, and the start of the month after for an end, so the shifted
 * window keeps every day and never empties.
 */
function monthsEarlier(at: Date, months: number, bound: 'start' | 'end'): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  if (at.getUTCDate() > lastDay && bound === 'end') return new Date(Date.UTC(y, m + 1, 1));
  const shifted = new Date(at);
  shifted.setUTCFullYear(y, m, Math.min(at.getUTCDate(), lastDay));
  return shifted;
}

/**
 * The window `[from, to)` is compared with, or why it cannot be. A calendar shift moves both
 * bounds by whole months, so whole months and quarters map onto whole months and quarters; the
 * shifted window must end where the window starts or before, or the two would share days.
 * @example comparisonWindow({ from: 2026-04-01, to: 2026-07-01 }, 'previous-quarter') // → [2026-01-01, 2026-04-01)
 */
export function comparisonWindow(
  window: { from: Date; to: Date },
  compare: ComparisonPeriod,
): { ok: true; from: Date; to: Date } | { ok: false; message: string } {
  if (compare === 'previous-period') {
    const length = window.to.getTime() - window.from.getTime();
    return { ok: true, from: new Date(window.from.getTime() - length), to: window.from };
  }
  const months = MONTHS_BACK[compare];
  const from = monthsEarlier(window.from, months, 'start');
  const to = monthsEarlier(window.to, months, 'end');
  if (to.getTime() > window.from.getTime())
    return {
      ok: false,
      message: `${compare} compares the same days ${months === 12 ? 'a year' : months === 3 ? 'a quarter' : 'a month'} earlier, which overlap a window this long; choose a shorter window or previous-period`,
    };
  return { ok: true, from, to };
}
