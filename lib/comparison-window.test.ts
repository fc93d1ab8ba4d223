import { describe, expect, it } from 'vitest';
import { comparisonWindow } from './comparison-window';

describe('comparisonWindow', () => {
  const w = (from: string, to: string) => ({ from: new Date(from), to: new Date(to) });
  const shown = (r: ReturnType<typeof comparisonWindow>) =>
    r.ok ? [r.from.toISOString().slice(0, 16), r.to.toISOString().slice(0, 16)] : r.message;
  it.each([
    // The same length, ending where the window starts.
    ['previous-period', w('2026-04-01T00:00Z', '2026-07-01T00:00Z'), ['2025-12-31T00:00', '2026-04-01T00:00']],
    // Calendar quarters map onto calendar quarters, whatever their lengths (91 days onto 90).
    ['previous-quarter', w('2026-04-01T00:00Z', '2026-07-01T00:00Z'), ['2026-01-01T00:00', '2026-04-01T00:00']],
    ['previous-quarter', w('2026-01-01T00:00Z', '2026-04-01T00:00Z'), ['2025-10-01T00:00', '2026-01-01T00:00']],
    // This quarter so far (up to the start of today): the same days of the last one.
    ['previous-quarter', w('2026-04-01T00:00Z', '2026-05-20T00:00Z'), ['2026-01-01T00:00', '2026-02-20T00:00']],
    ['previous-month', w('2026-03-01T00:00Z', '2026-04-01T00:00Z'), ['2026-02-01T00:00', '2026-03-01T00:00']],
    ['previous-year', w('2026-03-03T00:00Z', '2026-06-01T00:00Z'), ['2025-03-03T00:00', '2025-06-01T00:00']],
    // Days the earlier month lacks fall on its last day: the window never empties.
    ['previous-quarter', w('2026-05-30T00:00Z', '2026-05-31T00:00Z'), ['2026-02-28T00:00', '2026-03-01T00:00']],
    ['previous-year', w('2028-02-29T00:00Z', '2028-03-01T00:00Z'), ['2027-02-28T00:00', '2027-03-01T00:00']],
    // An instant keeps its time of day.
    ['previous-month', w('2026-05-01T00:00Z', '2026-05-20T12:30Z'), ['2026-04-01T00:00', '2026-04-20T12:30']],
  ] as const)('%s of %j', (compare, window, expected) => {
    expect(shown(comparisonWindow(window, compare))).toEqual(expected);
  });

  it('refuses a calendar shift that would overlap the window', () => {
    const result = comparisonWindow(w('2026-01-01T00:00Z', '2026-06-01T00:00Z'), 'previous-quarter');
    expect(result).toEqual({
      ok: false,
      message:
        'previous-quarter compares the same days a quarter earlier, which overlap a window this long; choose a shorter window or previous-period',
    });
    expect(comparisonWindow(w('2026-01-01T00:00Z', '2026-04-01T00:00Z'), 'previous-month').ok).toBe(false);
  });
});
