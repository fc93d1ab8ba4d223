import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { GithubConfig } from '../../lib/config';
import { redact } from '../../lib/logger';
import { metrics } from '../../lib/telemetry/metrics';
import { boundedWait, deadlineFetch, exchange, REQUEST_TIMEOUT_MS, sleep as timerSleep, TransportError } from '../http';
import type { GithubCredentials } from './credentials';
import { decideRetry, type FailedCall } from './retry';

export interface RateLimit {
  cost: number;
  remaining: number;
  resetAt: string;
}

export interface GithubClient {
  /** Runs a query; every Paved query selects `rateLimit { cost remaining resetAt }`. */
  query<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** A REST GET (`/repos/o/r/actions/runs`) returning the parsed JSON body. */
  rest<T>(path: string, params?: Record<string, string | number>): Promise<T>;
  /** GraphQL points and REST calls spent through this client so far. */
  readonly spent: { graphqlPoints: number; restCalls: number };
  /**
   * Whose budget this client spends, and what GitHub last said was left of it: GraphQL points
   * (from each query's rateLimit) and, separately, REST requests (from x-ratelimit-* headers).
   */
  readonly budget: {
    key: string;
    remaining: number | null;
    resetAt: string | null;
    rest: { remaining: number; limit: number; resetAt: string } | null;
  };
}

export interface GithubClientOptions {
  fetch?: typeof fetch;
  /** Injected so tests never really wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted when the worker stops: waits end at once. */
  signal?: AbortSignal;
  /**
   * The local clock (epoch ms) that GitHub's reset instants are measured against. Not the
   * sync's pinned `now`: with PAVED_NOW set, that can be years from GitHub's clock.
   */
  clock?: () => number;
  random?: () => number;
  /** Per request, body included; a request that runs out of time is retried like a dropped connection. */
  timeoutMs?: number;
  /** Below this many remaining points, wait until the reset instead of spending more. */
  minRemainingPoints?: number;
  onWait?: (ms: number, reason: string) => void;
}

export class GithubError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'GithubError';
  }
}

/** REST calls kept in reserve (REST and GraphQL budgets are separate). */
const REST_FLOOR = 20;

/**
 * GraphQL over `@octokit/graphql` on the configured API URL (a GitHub Enterprise Server
 * `https://HOST/api/v3` base reaches `/api/graphql`) and REST GETs on the same base.
 * `fetch` is injected so tests talk to a local fake over real HTTP. Transient failures are
 * retried (see retry.ts) and the budget floor is honoured by waiting for `resetAt`, up to
 * MAX_WAIT_MS at a time.
 */
export function createGithubClient(
  config: Pick<GithubConfig, 'apiUrl'>,
  credentials: GithubCredentials,
  options: GithubClientOptions = {},
): GithubClient {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => timerSleep(ms, options.signal));
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const floor = options.minRemainingPoints ?? 0;
  const baseUrl = config.apiUrl.replace(/\/+$/, '');
  const client = graphql.defaults({
    baseUrl,
    headers: { 'user-agent': 'paved' },
    request: { fetch: deadlineFetch(fetchImpl, timeoutMs) },
  });
  const spent = { graphqlPoints: 0, restCalls: 0 };
  const budget: GithubClient['budget'] = { key: credentials.budgetKey, remaining: null, resetAt: null, rest: null };

  async function withRetry<T>(
    path: string,
    call: (authorization: string) => Promise<T>,
    toFailure: (error: unknown) => FailedCall | null,
  ): Promise<T> {
    let token = await credentials.token();
    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call(`bearer ${token}`);
      } catch (error) {
        const failure = toFailure(error);
        // An installation token that expired or was revoked mid-sync: one fresh token, one more try.
        if (failure?.status === 401 && credentials.refresh && !refreshed) {
          refreshed = true;
          token = await credentials.refresh();
          continue;
        }
        const decision = failure ? decideRetry(failure, attempt, clock(), random) : null;
        if (!decision?.retry) throw describeGithubError(error, config.apiUrl, path, attempt + 1);
        options.onWait?.(decision.waitMs, decision.reason);
        await sleep(decision.waitMs);
      }
    }
  }

  async function honourFloor(remaining: number, resetAtMs: number, limitFloor = floor): Promise<void> {
    if (remaining >= limitFloor) return;
    const waitMs = boundedWait(Math.max(0, resetAtMs - clock()) + 1000);
    const reset = Number.isFinite(resetAtMs) ? new Date(resetAtMs).toISOString() : 'an unreadable instant';
    options.onWait?.(waitMs, `${remaining} left, under the floor of ${limitFloor}: waiting for the reset at ${reset}`);
    await sleep(waitMs);
  }

  return {
    spent,
    budget,
    async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
      const data = await withRetry(
        'GraphQL',
        async (authorization) => {
          try {
            return await client<T & { rateLimit?: RateLimit }>(document, { ...variables, headers: { authorization } });
          } catch (error) {
            // Partial data with NOT_FOUND errors (an aliased repository that vanished) is still data.
            if (
              error instanceof GraphqlResponseError &&
              error.data &&
              error.errors?.every((e) => (e as { type?: string }).type === 'NOT_FOUND')
            ) {
              return error.data as T & { rateLimit?: RateLimit };
            }
            throw error;
          }
        },
        graphqlFailure,
      );
      if (typeof data !== 'object' || data === null) {
        throw new GithubError(`GitHub GraphQL at ${config.apiUrl} answered without data`);
      }
      spent.graphqlPoints += data.rateLimit?.cost ?? 1;
      metrics().githubPointsSpent.inc({ budget: budget.key }, data.rateLimit?.cost ?? 1);
      if (data.rateLimit) {
        // The GraphQL budget (points); REST calls have a budget of their own (below).
        budget.remaining = data.rateLimit.remaining;
        budget.resetAt = data.rateLimit.resetAt;
        await honourFloor(data.rateLimit.remaining, Date.parse(data.rateLimit.resetAt));
      }
      return data;
    },
    async rest<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
      const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
      const { response, json } = await withRetry(
        path,
        async (authorization) => {
          spent.restCalls += 1;
          metrics().githubRestRequests.inc({ budget: budget.key });
          const answer = await exchange(
            fetchImpl,
            url,
            {
              headers: {
                authorization,
                accept: 'application/vnd.github+json',
                'x-github-api-version': '2022-11-28',
                'user-agent': 'paved',
              },
            },
            timeoutMs,
          );
          if (!answer.response.ok) {
            throw new RestError(answer.response.status, Object.fromEntries(answer.response.headers), answer.text);
          }
          return answer;
        },
        restFailure,
      );
      const rest = restBudget(response.headers);
      if (rest) {
        budget.rest = rest;
        await honourFloor(rest.remaining, Date.parse(rest.resetAt), REST_FLOOR);
      }
      return json as T;
    },
  };
}

/** GitHub's REST budget from an answer's headers (x-ratelimit-limit, -remaining, -reset in Unix seconds). */
function restBudget(headers: Headers): { remaining: number; limit: number; resetAt: string } | null {
  const [remaining, limit, reset] = ['remaining', 'limit', 'reset'].map((name) => {
    const value = headers.get(`x-ratelimit-${name}`);
    return value !== null && /^\d+$/.test(value) ? Number(value) : NaN;
  });
  if (!Number.isFinite(remaining) || !Number.isFinite(limit) || !Number.isFinite(reset)) return null;
  return { remaining: remaining!, limit: limit!, resetAt: new Date(reset! * 1000).toISOString() };
}

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Record<string, string>,
    body: string,
  ) {
    super(body.slice(0, 300));
  }
}

/** @octokit/request wraps whatever its fetch threw in a RequestError, keeping it as the cause. */
function transportCause(error: unknown): TransportError | null {
  if (error instanceof TransportError) return error;
  const cause = (error as { cause?: unknown } | null)?.cause;
  return cause instanceof TransportError ? cause : null;
}

function graphqlFailure(error: unknown): FailedCall | null {
  if (error instanceof GraphqlResponseError) {
    return {
      headers: error.headers as FailedCall['headers'],
      graphqlErrorTypes: error.errors?.map((e) => (e as { type?: string }).type ?? ''),
      message: error.message,
    };
  }
  const transport = transportCause(error);
  if (transport) return { headers: {}, message: transport.message, transport: transport.kind };
  const e = error as { status?: number; response?: { headers?: Record<string, string> }; message?: string };
  if (typeof e?.status !== 'number' || !e.response) return null;
  return { status: e.status, headers: e.response.headers ?? {}, message: e.message ?? '' };
}

function restFailure(error: unknown): FailedCall | null {
  if (error instanceof RestError) return { status: error.status, headers: error.headers, message: error.message };
  if (error instanceof TransportError) return { headers: {}, message: error.message, transport: error.kind };
  return null;
}

export function describeGithubError(error: unknown, apiUrl: string, path = 'GraphQL', attempts = 1): GithubError {
  if (error instanceof GithubError) return error;
  const tail = attempts > 1 ? `; gave up after ${attempts} attempts` : '';
  if (error instanceof GraphqlResponseError) {
    return new GithubError(
      `GitHub GraphQL error at ${apiUrl}: ${error.errors?.map((e) => e.message).join('; ') ?? error.message}${tail}`,
    );
  }
  const transport = transportCause(error);
  if (transport && transport.kind !== 'unreachable' && transport.kind !== 'network') {
    return new GithubError(`GitHub at ${apiUrl} gave no usable answer for ${path}: ${transport.message}${tail}`);
  }
  const e = error as {
    status?: number;
    response?: unknown;
    cause?: { code?: string; message?: string; cause?: { code?: string } };
  };
  const hasResponse = error instanceof RestError || Boolean(e.response);
  if (e.status === 401 && hasResponse)
    return new GithubError(`GitHub at ${apiUrl} rejected the credentials (401): check github.token or github.app`);
  if (e.status && hasResponse)
    return new GithubError(
      `GitHub at ${apiUrl} answered HTTP ${e.status} for ${path}: ${(error as Error).message}${tail}`,
    );
  const cause = e.cause;
  const reason =
    transport?.detail ??
    cause?.cause?.code ??
    cause?.code ??
    (cause?.cause as { message?: string } | undefined)?.message ??
    (error instanceof Error ? error.message : String(error));
  return new GithubError(
    `GitHub API at ${apiUrl} is unreachable (${reason}): check github.apiUrl and the network${tail}`,
  );
}
