import { describe, expect, it } from 'vitest';
import { drillSearch, filterSearch, periodLabel, type DashboardFilters } from './filters';
import { resolveFilters } from './resolve-filters';

const at = new Date('2026-06-01T12:00:00Z');

function filtersOf(params: Record<string, string | string[] | undefined>): DashboardFilters {
  const resolved = resolveFilters(params, at);
  if (!resolved.ok) throw new Error(resolved.message);
  return resolved.filters;
}

describe('resolveFilters', () => {
  it.each([
    // The default is the API's: the last 90 whole UTC days, ending where today starts.
    [{}, { range: '90', from: '2026-03-03T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', team: null, days: 90 }],
    [
      { range: '30', team: 'payments' },
      { range: '30', from: '2026-05-02T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', team: 'payments', days: 30 },
    ],
    // A custom range includes its last day.
    [
      { range: 'custom', from: '2026-04-01', to: '2026-04-30' },
      { range: 'custom', from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', team: null, days: 30 },
    ],
    // A custom range that includes today ends now; its days stay as chosen.
    [
      { range: 'custom', from: '2026-05-02', to: '2026-06-01' },
      {
        range: 'custom',
        from: '2026-05-02T00:00:00.000Z',
        to: '2026-06-01T12:00:00.000Z',
        fromDay: '2026-05-02',
        toDay: '2026-06-01',
        days: 31,
      },
    ],
    [
      { range: ['180', '90'] },
      { range: '180', from: '2025-12-03T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z', team: null, days: 180 },
    ],
  ] as const)('%j', (params, expected) => {
    expect(filtersOf(params as Record<string, string | string[]>)).toMatchObject(expected);
  });

  it.each([
    [{ range: 'custom', from: '2026-02-30', to: '2026-03-10' }, 'from: expected a real date as YYYY-MM-DD'],
    [{ range: 'custom', from: '2026-01-01', to: '2026-13-01' }, 'to: expected a real date'],
    [{ range: 'custom', from: '0001-01-01', to: '2026-01-01' }, 'from: years before 1970'],
    [{ range: 'custom', from: '2026-05-01', to: '2026-04-01' }, 'from: from must be before to'],
    [{ range: 'custom', from: '2020-01-01', to: '2026-01-01' }, 'to: the window may span at most 731 days'],
    [{ range: 'custom', from: '2026-05-01' }, 'a custom range needs both from and to'],
    [{ range: '7' }, 'range: expected one of 30, 90, 180, this-month, last-month, this-quarter, last-quarter, custom'],
    [{ team: 'Not A Slug' }, 'team: expected a team slug'],
  ])('%j is an error to show, not a silent fallback', (params, message) => {
    const resolved = resolveFilters(params, at);
    expect(resolved.ok).toBe(false);
    expect(!resolved.ok && resolved.message).toContain(message);
    // The filter bar still gets the default window to start again from.
    expect(resolved.filters).toMatchObject({ range: '90', days: 90 });
  });

  it('says exactly which window it is', () => {
    expect(periodLabel(filtersOf({}))).toBe('Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)');
    expect(periodLabel(filtersOf({ range: 'custom', from: '2026-04-01', to: '2026-04-30' }))).toBe(
      '2026-04-01 to 2026-04-30 (UTC, whole days)',
    );
    expect(periodLabel(filtersOf({ range: 'custom', from: '2026-05-02', to: '2026-06-01' }))).toBe(
      '2026-05-02 to 2026-06-01 12:00 UTC (now)',
    );
  });

  it('does not move within a day', () => {
    expect(resolveFilters({ range: '30' }, new Date('2026-06-01T00:00:00Z'))).toEqual(
      resolveFilters({ range: '30' }, new Date('2026-06-01T23:59:59.999Z')),
    );
  });

  it('round-trips through the URL', () => {
    for (const params of [
      { range: '30', team: 'search' },
      { range: 'custom', from: '2026-01-05', to: '2026-02-01' },
      { range: 'custom', from: '2026-05-20', to: '2026-06-01' },
      {},
    ]) {
      const f = filtersOf(params);
      expect(filtersOf(Object.fromEntries(filterSearch(f)))).toEqual(f);
    }
  });

  it('compares calendar presets with the calendar period before, other ranges with the previous period', () => {
    expect(filtersOf({}).compare).toBe('previous-period');
    expect(filtersOf({ range: 'last-quarter' }).compare).toBe('previous-quarter');
    expect(filtersOf({ range: 'this-quarter' }).compare).toBe('previous-quarter');
    expect(filtersOf({ range: 'last-month' }).compare).toBe('previous-month');
    expect(filtersOf({ range: '30', compare: 'previous-year' }).compare).toBe('previous-year');
    expect(filtersOf({ range: 'last-quarter', compare: 'previous-period' }).compare).toBe('previous-period');
    // Only a choice other than the range's default goes in the URL, and it round-trips.
    for (const params of [{ range: 'last-quarter' }, { range: '30', compare: 'previous-year' }]) {
      const f = filtersOf(params);
      expect(Object.fromEntries(filterSearch(f))).toEqual(params);
      expect(filtersOf(Object.fromEntries(filterSearch(f)))).toEqual(f);
    }
  });

  it.each([
    [
      { compare: 'last-year' },
      'compare: expected one of previous-period, previous-month, previous-quarter, previous-year',
    ],
    [
      { range: '180', compare: 'previous-quarter' },
      'compare: previous-quarter compares the same days a quarter earlier',
    ],
  ])('%j: a comparison the API would refuse is an error to show', (params, message) => {
    const resolved = resolveFilters(params, at);
    expect(!resolved.ok && resolved.message).toContain(message);
  });

  it('drill-down links carry the exact window and one scope', () => {
    expect(drillSearch({ from: 'A', to: 'B' }, { team: 't', service: 's' }, { failed: 'true' })).toBe(
      'from=A&to=B&service=s&failed=true',
    );
    // A comparison other than the default rides along, for the list's back link.
    expect(drillSearch({ from: 'A', to: 'B', compare: 'previous-quarter' }, { team: 't' })).toBe(
      'from=A&to=B&compare=previous-quarter&team=t',
    );
    expect(drillSearch({ from: 'A', to: 'B', compare: 'previous-period' }, {})).toBe('from=A&to=B');
  });
});
