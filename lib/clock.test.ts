import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastDays, now, startOfUtcDay } from './clock';

describe('clock', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is pinned by PAVED_NOW', () => {
    vi.stubEnv('PAVED_NOW', '2026-06-01T12:34:56Z');
    expect(now().toISOString()).toBe('2026-06-01T12:34:56.000Z');
    // Whole UTC days, ending where today starts: the same window all day long.
    expect(lastDays(30)).toEqual({ from: new Date('2026-05-02T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') });
  });

  it('rejects a PAVED_NOW that is not an instant', () => {
    vi.stubEnv('PAVED_NOW', 'yesterday');
    expect(() => now()).toThrow('PAVED_NOW must be an ISO-8601 instant');
  });

  it('follows the system clock otherwise', () => {
    vi.stubEnv('PAVED_NOW', '');
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
    expect(startOfUtcDay(new Date('2026-03-04T23:59:59Z')).toISOString()).toBe('2026-03-04T00:00:00.000Z');
  });
});
