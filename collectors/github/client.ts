import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { GithubConfig } from '../../lib/config';
import { now as clockNow } from '../../lib/clock';
import { redact, registerSecret } from '../../lib/logger';
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
}

export interface GithubClientOptions {
  fetch?: typeof fetch;
  /** Injected so tests never really wait. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  random?: () => number;
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

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * GraphQL over `@octokit/graphql` on the configured API URL (a GitHub Enterprise Server
 * `https://HOST/api/v3` base reaches `/api/graphql`) and REST GETs on the same base.
 * `fetch` is injected so tests talk to a local fake over real HTTP. Transient failures are
 * retried (see retry.ts) and the budget floor is honoured by waiting for `resetAt`.
 */
export function createGithubClient(
  config: Pick<GithubConfig, 'apiUrl' | 'token'>,
  options: GithubClientOptions = {},
): GithubClient {
  registerSecret(config.token);
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? clockNow;
  const random = options.random ?? Math.random;
  const floor = options.minRemainingPoints ?? 0;
  const baseUrl = config.apiUrl.replace(/\/+$/, '');
  const client = graphql.defaults({
    baseUrl,
    headers: { authorization: `bearer ${config.token}`, 'user-agent': 'paved' },
    request: { fetch: fetchImpl },
  });
  const spent = { graphqlPoints: 0, restCalls: 0 };

  async function withRetry<T>(call: () => Promise<T>, toFailure: (error: unknown) => FailedCall | null): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const failure = toFailure(error);
        if (!failure) throw error;
        const decision = decideRetry(failure, attempt, now().getTime(), random);
        if (!decision.retry) throw error;
        options.onWait?.(decision.waitMs, decision.reason);
        await sleep(decision.waitMs);
      }
    }
  }

  async function honourFloor(remaining: number, resetAt: Date, limitFloor = floor): Promise<void> {
    if (remaining >= limitFloor) return;
    const waitMs = Math.max(0, resetAt.getTime() - now().getTime()) + 1000;
    options.onWait?.(
      waitMs,
      `${remaining} left, under the floor of ${limitFloor}: waiting for the reset at ${resetAt.toISOString()}`,
    );
    await sleep(waitMs);
  }

  return {
    spent,
    async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
      try {
        const data = await withRetry(() => client<T & { rateLimit?: RateLimit }>(document, variables), graphqlFailure);
        spent.graphqlPoints += data.rateLimit?.cost ?? 1;
        if (data.rateLimit) await honourFloor(data.rateLimit.remaining, new Date(data.rateLimit.resetAt));
        return data;
      } catch (error) {
        // Partial data with NOT_FOUND errors (an aliased repository that vanished) is still data.
        if (
          error instanceof GraphqlResponseError &&
          error.data &&
          error.errors?.every((e) => (e as { type?: string }).type === 'NOT_FOUND')
        ) {
          const data = error.data as T & { rateLimit?: RateLimit };
          spent.graphqlPoints += data.rateLimit?.cost ?? 1;
          return data;
        }
        throw describeGithubError(error, config.apiUrl);
      }
    },
    async rest<T>(path: string, params: Record<string, string | number> = {}): Promise<T> {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
      const url = `${baseUrl}${path}${query ? `?${query}` : ''}`;
      try {
        const response = await withRetry(async () => {
          spent.restCalls += 1;
          const res = await fetchImpl(url, {
            headers: {
              authorization: `bearer ${config.token}`,
              accept: 'application/vnd.github+json',
              'x-github-api-version': '2022-11-28',
              'user-agent': 'paved',
            },
          });
          if (!res.ok) throw new RestError(res.status, Object.fromEntries(res.headers), await res.text());
          return res;
        }, restFailure);
        const remaining = Number(response.headers.get('x-ratelimit-remaining'));
        const reset = Number(response.headers.get('x-ratelimit-reset'));
        if (Number.isFinite(remaining) && Number.isFinite(reset) && response.headers.has('x-ratelimit-remaining')) {
          await honourFloor(remaining, new Date(reset * 1000), REST_FLOOR);
        }
        return (await response.json()) as T;
      } catch (error) {
        throw describeGithubError(error, config.apiUrl, path);
      }
    },
  };
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

function graphqlFailure(error: unknown): FailedCall | null {
  if (error instanceof GraphqlResponseError) {
    return {
      headers: error.headers as FailedCall['headers'],
      graphqlErrorTypes: error.errors?.map((e) => (e as { type?: string }).type ?? ''),
      message: error.message,
    };
  }
  const e = error as { status?: number; response?: { headers?: Record<string, string> }; message?: string };
  if (typeof e?.status !== 'number') return null;
  return {
    status: e.response ? e.status : undefined,
    headers: e.response?.headers ?? {},
    message: e.message ?? '',
    network: !e.response,
  };
}

function restFailure(error: unknown): FailedCall | null {
  if (error instanceof RestError) return { status: error.status, headers: error.headers, message: error.message };
  if (error instanceof TypeError) return { headers: {}, message: error.message, network: true };
  return null;
}

export function describeGithubError(error: unknown, apiUrl: string, path = 'GraphQL'): GithubError {
  if (error instanceof GithubError) return error;
  if (error instanceof GraphqlResponseError) {
    return new GithubError(
      `GitHub GraphQL error at ${apiUrl}: ${error.errors?.map((e) => e.message).join('; ') ?? error.message}`,
    );
  }
  const e = error as {
    status?: number;
    response?: unknown;
    cause?: { code?: string; message?: string; cause?: { code?: string } };
  };
  const hasResponse = error instanceof RestError || Boolean(e.response);
  if (e.status === 401 && hasResponse)
    return new GithubError(`GitHub at ${apiUrl} rejected the token (401): check github.token`);
  if (e.status && hasResponse)
    return new GithubError(`GitHub at ${apiUrl} answered HTTP ${e.status} for ${path}: ${(error as Error).message}`);
  const cause = e.cause;
  const reason =
    cause?.cause?.code ??
    cause?.code ??
    (cause?.cause as { message?: string } | undefined)?.message ??
    (error instanceof Error ? error.message : String(error));
  return new GithubError(`GitHub API at ${apiUrl} is unreachable (${reason}): check github.apiUrl and the network`);
}
