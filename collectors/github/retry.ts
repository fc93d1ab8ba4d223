import { backoffMs, boundedWait, type TransportFailure } from '../http';

export { backoffMs } from '../http';

/**
 * When to retry a GitHub call and how long to wait first. Transient: secondary rate limits
 * (403/429 with `retry-after` or the message), exhausted primary limits
 * (`x-ratelimit-remaining: 0`, GraphQL `RATE_LIMITED`), 5xx gateway and server errors,
 * GraphQL's "Something went wrong while executing your query", and answers that never
 * arrived whole (see ../http.ts). Everything else is final. Every wait is bounded.
 */
export interface FailedCall {
  status?: number;
  headers: Record<string, string | undefined>;
  /** GraphQL `errors[].type`, when the response carried errors. */
  graphqlErrorTypes?: readonly string[];
  message: string;
  /** Set when no whole answer arrived (refused, reset, timed out, cut off, not JSON). */
  transport?: TransportFailure;
}

export interface RetryDecision {
  retry: boolean;
  waitMs: number;
  reason: string;
}

export const MAX_ATTEMPTS = 6;
/** A refused connection is retried briefly: a restart, not a misconfigured URL, is what waiting helps. */
const MAX_UNREACHABLE_ATTEMPTS = 3;
const SECONDARY_DEFAULT_MS = 60_000;
/** GitHub's own advice for this error, which carries no type, is to try again. */
const GRAPHQL_TRANSIENT = /something went wrong while executing your query/i;

/** Until the `x-ratelimit-reset` instant (epoch seconds, GitHub's clock) by the local clock, plus a second's margin. */
function resetWaitMs(headers: FailedCall['headers'], nowMs: number): number | null {
  const reset = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? boundedWait(Math.max(0, reset * 1000 - nowMs) + 1000) : null;
}

/** `retry-after` is seconds, or an HTTP date. */
function retryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? boundedWait(seconds * 1000) : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : boundedWait(at - nowMs);
}

/** `nowMs` is the local clock (never a pinned business clock): GitHub's reset instants are real time. */
export function decideRetry(call: FailedCall, attempt: number, nowMs: number, random: () => number): RetryDecision {
  const final = (reason: string): RetryDecision => ({ retry: false, waitMs: 0, reason });
  const wait = (waitMs: number, reason: string): RetryDecision => ({ retry: true, waitMs, reason });
  if (attempt + 1 >= MAX_ATTEMPTS) return final('too many attempts');
  const { status, headers } = call;
  if (call.transport) {
    if (call.transport === 'unreachable' && attempt + 1 >= MAX_UNREACHABLE_ATTEMPTS) return final('unreachable');
    return wait(backoffMs(attempt, random), call.message);
  }
  if (call.graphqlErrorTypes?.includes('RATE_LIMITED')) {
    return wait(resetWaitMs(headers, nowMs) ?? SECONDARY_DEFAULT_MS, 'GraphQL rate limit exhausted (RATE_LIMITED)');
  }
  if (call.graphqlErrorTypes && GRAPHQL_TRANSIENT.test(call.message)) {
    return wait(backoffMs(attempt, random), 'GraphQL "something went wrong"');
  }
  if (status === 403 || status === 429) {
    const retryAfter = retryAfterMs(headers['retry-after'], nowMs);
    if (retryAfter !== null) {
      return wait(retryAfter, `secondary rate limit (HTTP ${status}, retry-after ${headers['retry-after']})`);
    }
    if (headers['x-ratelimit-remaining'] === '0') {
      return wait(resetWaitMs(headers, nowMs) ?? SECONDARY_DEFAULT_MS, `primary rate limit exhausted (HTTP ${status})`);
    }
    // GitHub documents 429 as a rate limit whatever its body says; a 403 is one only when it says so.
    if (status === 429 || /secondary rate limit|abuse/i.test(call.message)) {
      return wait(SECONDARY_DEFAULT_MS, `secondary rate limit (HTTP ${status})`);
    }
    return final(`HTTP ${status}`);
  }
  if (status === 500 || status === 502 || status === 503 || status === 504) {
    return wait(backoffMs(attempt, random), `HTTP ${status}`);
  }
  return final(status ? `HTTP ${status}` : call.message);
}
