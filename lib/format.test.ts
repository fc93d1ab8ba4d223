import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDay, formatNumber, formatShortDay } from './format';

describe('display formatting with formatters made once', () => {
  it('reads numbers exactly as toLocaleString does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), fc.integer({ min: 0, max: 3 }), (value, digits) => {
        expect(formatNumber(value, digits)).toBe(
          value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }),
        );
      }),
    );
    expect(formatNumber(1234567.891, 1)).toBe('1,234,567.9');
    expect(formatNumber(null)).toBe('—');
  });

  it('reads days exactly as toLocaleDateString does, an unparseable one included', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(formatDay(iso)).toBe(
            date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
          );
          expect(formatShortDay(iso)).toBe(
            date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }),
          );
        },
      ),
    );
    expect(formatDay('2026-06-05T10:00:00Z')).toBe('5 Jun 2026');
    expect(formatShortDay('not a day')).toBe('Invalid Date');
  });
});
