import { describe, expect, it } from 'vitest';
import { MAX_WAIT_MS } from '../http';
import { backoffMs, decideRetry, MAX_ATTEMPTS, type FailedCall } from './retry';

const at = Date.parse('2026-01-01T00:00:00Z');
const TEN_YEARS_S = 10 * 365 * 86_400;
const decide = (call: Partial<FailedCall>, attempt = 0) =>
  decideRetry({ headers: {}, message: '', ...call }, attempt, at, () => 0.5);

describe('retry decisions (beyond mappers.test.ts)', () => {
  it.each([500, 502, 503, 504])('retries HTTP %i with backoff', (status) => {
    expect(decide({ status })).toEqual({ retry: true, waitMs: 1000, reason: `HTTP ${status}` });
  });

  it('treats any 429 as a rate limit, with or without retry-after', () => {
    expect(decide({ status: 429 })).toMatchObject({ retry: true, waitMs: 60_000 });
    expect(decide({ status: 429, headers: { 'retry-after': '3' } })).toMatchObject({ retry: true, waitMs: 3000 });
    const date = new Date(at + 90_000).toUTCString();
    expect(decide({ status: 403, headers: { 'retry-after': date } })).toMatchObject({ retry: true, waitMs: 90_000 });
  });

  it('bounds every wait by MAX_WAIT_MS: a reset 10 years away, a retry-after of a week', () => {
    const far = { 'x-ratelimit-reset': String(at / 1000 + TEN_YEARS_S) };
    expect(decide({ graphqlErrorTypes: ['RATE_LIMITED'], headers: far }).waitMs).toBe(MAX_WAIT_MS);
    expect(decide({ status: 403, headers: { ...far, 'x-ratelimit-remaining': '0' } }).waitMs).toBe(MAX_WAIT_MS);
    expect(decide({ status: 429, headers: { 'retry-after': String(7 * 86_400) } }).waitMs).toBe(MAX_WAIT_MS);
  });

  it('waits for a reset already past only the margin, never a negative or NaN delay', () => {
    const past = { 'x-ratelimit-reset': String(at / 1000 - TEN_YEARS_S) };
    expect(decide({ graphqlErrorTypes: ['RATE_LIMITED'], headers: past }).waitMs).toBe(1000);
    expect(decide({ graphqlErrorTypes: ['RATE_LIMITED'], headers: { 'x-ratelimit-reset': 'soon' } }).waitMs).toBe(
      60_000,
    );
  });

  it('retries GraphQL "Something went wrong while executing your query", not other GraphQL errors', () => {
    const message =
      'Request failed due to following response errors:\n - Something went wrong while executing your query. Please include `AB12:3C4D` when reporting this issue.';
    expect(decide({ graphqlErrorTypes: [''], message })).toMatchObject({ retry: true, waitMs: 1000 });
    expect(decide({ graphqlErrorTypes: ['INTERNAL'], message: 'Field x does not exist' }).retry).toBe(false);
  });

  it.each(['network', 'timeout', 'cut-off', 'not-json'] as const)(
    'retries %s failures up to MAX_ATTEMPTS',
    (transport) => {
      expect(decide({ transport }, MAX_ATTEMPTS - 2)).toMatchObject({ retry: true, waitMs: 16_000 });
      expect(decide({ transport }, MAX_ATTEMPTS - 1).retry).toBe(false);
    },
  );

  it('retries an unreachable address only briefly', () => {
    expect(decide({ transport: 'unreachable' }, 1).retry).toBe(true);
    expect(decide({ transport: 'unreachable' }, 2).retry).toBe(false);
  });

  it('caps the backoff', () => {
    expect(backoffMs(20, () => 0.999)).toBe(60_000);
  });
});
