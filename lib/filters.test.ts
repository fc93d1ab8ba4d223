import { describe, expect, it } from 'vitest';
import { calendarDays, carry, comparisonLabel, filtersOfWindow } from './filters';
import { resolveFilters } from './resolve-filters';

describe('the window a link carries', () => {
  it('keeps a preset, a custom range’s days and the team; the default adds nothing; a fragment stays last', () => {
    expect(carry('/teams/payments', { range: '180', team: 'payments' })).toBe(
      '/teams/payments?range=180&team=payments',
    );
    expect(carry('/services', { range: '90', fromDay: '2026-03-03', toDay: '2026-05-31' })).toBe('/services');
    expect(carry('/services/ledger#scorecards', { range: 'custom', fromDay: '2026-07-01', toDay: '2026-09-30' })).toBe(
      '/services/ledger?range=custom&from=2026-07-01&to=2026-09-30#scorecards',
    );
  });

  it("carries what the window is compared with, unless it is the range's default", () => {
    expect(carry('/teams', { range: '30', compare: 'previous-year' })).toBe('/teams?range=30&compare=previous-year');
    expect(carry('/teams', { range: 'last-quarter', compare: 'previous-quarter' })).toBe('/teams?range=last-quarter');
    expect(carry('/teams', { range: '90', compare: 'previous-period' })).toBe('/teams');
    expect(comparisonLabel({ compare: 'previous-period', days: 90 })).toBe('vs previous 90 days');
    expect(comparisonLabel({ compare: 'previous-quarter', days: 91 })).toBe('vs the same days a quarter earlier');
  });

  it('reads a drill-down’s exact window back as the preset or days it came from', () => {
    const today = new Date('2026-06-01T00:00:00Z');
    expect(filtersOfWindow(new Date('2025-12-03T00:00:00Z'), today, today)).toEqual({ range: '180' });
    expect(filtersOfWindow(new Date('2026-04-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'), today)).toEqual({
      range: 'custom',
      fromDay: '2026-04-01',
      toDay: '2026-04-30',
    });
    expect(filtersOfWindow(new Date('2026-04-01T12:00:00Z'), today, today)).toBeNull();
  });
});

describe('calendar presets', () => {
  const at = new Date('2026-06-01T12:00:00Z');
  it('are whole UTC months and quarters, the current one up to yesterday', () => {
    expect(calendarDays('last-quarter', at)).toEqual({ fromDay: '2026-01-01', toDay: '2026-03-31' });
    expect(calendarDays('this-quarter', at)).toEqual({ fromDay: '2026-04-01', toDay: '2026-05-31' });
    expect(calendarDays('last-month', at)).toEqual({ fromDay: '2026-05-01', toDay: '2026-05-31' });
    // On the first day of a month, "this month" is today so far.
    expect(calendarDays('this-month', at)).toEqual({ fromDay: '2026-06-01', toDay: '2026-06-01' });
    expect(calendarDays('last-quarter', new Date('2026-02-10T00:00:00Z'))).toEqual({
      fromDay: '2025-10-01',
      toDay: '2025-12-31',
    });
  });

  it('read exactly as a custom range of their days', () => {
    const preset = resolveFilters({ range: 'last-quarter' }, at);
    const custom = resolveFilters({ range: 'custom', from: '2026-01-01', to: '2026-03-31' }, at);
    expect(preset.ok && custom.ok).toBe(true);
    expect([preset.filters.from, preset.filters.to]).toEqual([custom.filters.from, custom.filters.to]);
    expect(preset.filters.to).toBe('2026-04-01T00:00:00.000Z');
  });
});
