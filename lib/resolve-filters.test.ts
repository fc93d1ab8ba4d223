import { describe, expect, it } from 'vitest';
import { drillSearch, filterSearch, periodLabel } from './filters';
import { resolveFilters } from './resolve-filters';

const at = new Date('2026-06-01T12:00:00Z');

describe('resolveFilters', () => {
  it.each([
    [{}, { range: '30', from: '2026-05-02T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z', team: null, days: 30 }],
    [
      { range: '90', team: 'payments' },
      { range: '90', from: '2026-03-03T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z', team: 'payments', days: 90 },
    ],
    // A custom range includes its last day.
    [
      { range: 'custom', from: '2026-04-01', to: '2026-04-30' },
      { range: 'custom', from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', team: null, days: 30 },
    ],
    // Bad input falls back rather than failing a shared link.
    [
      { range: '7', team: 'Not A Slug' },
      { range: '30', from: '2026-05-02T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z', team: null, days: 30 },
    ],
    [
      { range: 'custom', from: '2026-05-01', to: '2026-04-01' },
      { range: '30', from: '2026-05-02T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z', team: null, days: 30 },
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
      { range: '180', from: '2025-12-03T12:00:00.000Z', to: '2026-06-01T12:00:00.000Z', team: null, days: 180 },
    ],
  ] as const)('%j', (params, expected) => {
    expect(resolveFilters(params as Record<string, string | string[]>, at)).toMatchObject(expected);
  });

  it('says exactly which window it is', () => {
    expect(periodLabel(resolveFilters({}, at))).toBe('Last 30 days: 2026-05-02 12:00 to 2026-06-01 12:00 UTC');
    expect(periodLabel(resolveFilters({ range: 'custom', from: '2026-04-01', to: '2026-04-30' }, at))).toBe(
      '2026-04-01 to 2026-04-30 (UTC, whole days)',
    );
    expect(periodLabel(resolveFilters({ range: 'custom', from: '2026-05-02', to: '2026-06-01' }, at))).toBe(
      '2026-05-02 to 2026-06-01 12:00 UTC (now)',
    );
  });

  it('round-trips through the URL', () => {
    for (const params of [
      { range: '90', team: 'search' },
      { range: 'custom', from: '2026-01-05', to: '2026-02-01' },
      { range: 'custom', from: '2026-05-20', to: '2026-06-01' },
      {},
    ]) {
      const f = resolveFilters(params, at);
      expect(resolveFilters(Object.fromEntries(filterSearch(f)), at)).toEqual(f);
    }
  });

  it('drill-down links carry the exact window and one scope', () => {
    expect(drillSearch({ from: 'A', to: 'B' }, { team: 't', service: 's' }, { failed: 'true' })).toBe(
      'from=A&to=B&service=s&failed=true',
    );
  });
});
