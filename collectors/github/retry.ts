/**
 * When to retry a GitHub call and how long to wait first. GitHub's secondary rate limits
 * (403/429 with `retry-after`), exhausted primary limits (`x-ratelimit-remaining: 0`,
 * GraphQL `RATE_LIMITED`) and gateway errors (502/504) are transient; everything else is not.
 */
export interface FailedCall {
  status?: number;
  headers: Record<string, string | undefined>;
  /** GraphQL `errors[].type`, when the response carried errors. */
  graphqlErrorTypes?: readonly string[];
  message: string;
  /** True when no HTTP response arrived at all (DNS, refused connection, reset). */
  network?: boolean;
}

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: string;
}

export const MAX_ATTEMPTS = 6;
const SECONDARY_DEFAULT_MS = 60_000;

function resetWaitMs(headers: FailedCall['headers'], nowMs: number): number | null {
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - nowMs) + 1000 : null;
}

/** Exponential backoff with full jitter: base·2^attempt scaled by a random factor in [0.5, 1.5). */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000): number {
  return Math.round(baseMs * 2 ** attempt * (0.5 + random()));
}

export function decideRetry(call: FailedCall, attempt: number, nowMs: number, random: () => number): RetryDecision {
  if (attempt + 1 >= MAX_ATTEMPTS) return { retry: false, waitMs: 0, reason: 'too many attempts' };
  const { status, headers } = call;
  if (call.graphqlErrorTypes?.includes('RATE_LIMITED')) {
    return {
      retry: true,
      waitMs: resetWaitMs(headers, nowMs) ?? SECONDARY_DEFAULT_MS,
      reason: 'GraphQL rate limit exhausted (RATE_LIMITED)',
    };
  }
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after']);
    if (Number.isFinite(retryAfter) && retryAfter >= 0 && headers['retry-after'] !== undefined) {
      return {
        retry: true,
        waitMs: retryAfter * 1000,
        reason: `secondary rate limit (HTTP ${status}, retry-after ${retryAfter}s)`,
      };
    }
    if (headers['x-ratelimit-remaining'] === '0') {
      return {
        retry: true,
        waitMs: resetWaitMs(headers, nowMs) ?? SECONDARY_DEFAULT_MS,
        reason: `primary rate limit exhausted (HTTP ${status})`,
      };
    }
    if (/secondary rate limit|abuse/i.test(call.message)) {
      return { retry: true, waitMs: SECONDARY_DEFAULT_MS, reason: `secondary rate limit (HTTP ${status})` };
    }
    return { retry: false, waitMs: 0, reason: `HTTP ${status}` };
  }
  if (status === 502 || status === 503 || status === 504) {
    return { retry: true, waitMs: backoffMs(attempt, random), reason: `HTTP ${status}` };
  }
  if (call.network) return { retry: attempt < 2, waitMs: backoffMs(attempt, random), reason: 'network error' };
  return { retry: false, waitMs: 0, reason: status ? `HTTP ${status}` : call.message };
}
