import type { z } from 'zod';
import { backoffMs, exchange, REQUEST_TIMEOUT_MS, sleep as timerSleep, TransportError, type Exchange } from '../http';
import { redact } from '../../lib/logger';
import type { PagerdutyConfig } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import { metrics } from '../../lib/telemetry/metrics';

export class PagerdutyError extends Error {
  /** HTTP status when PagerDuty answered with an error, so callers can tell 404 from 400. */
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(redact(message));
    this.name = 'PagerdutyError';
    this.status = status;
  }
}

export type QueryParams = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface PagerdutyClient {
  get(path: string, params?: QueryParams): Promise<unknown>;
  /** `get`, then zod: a payload that does not match fails naming the endpoint and the field. */
  getParsed<S extends z.ZodType>(path: string, params: QueryParams, schema: S): Promise<z.infer<S>>;
  readonly spent: { restCalls: number };
  /** offset + limit may not pass this (PagerDuty answers 400 beyond it). */
  readonly offsetCap: number;
}

const MAX_SERVER_ERROR_RETRIES = 5;
// Rate limits are per token and reset within a minute; a few more tries than for 5xx.
const MAX_RATE_LIMIT_RETRIES = 10;
// Nothing listening: a restart is what waiting helps with, so only briefly.
const MAX_UNREACHABLE_RETRIES = 2;

export interface PagerdutyClientOptions {
  fetch?: typeof fetch;
  /** Injected so tests do not wait out real back-off delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Aborted when the worker stops: waits end at once. */
  signal?: AbortSignal;
  random?: () => number;
  /** Per request, body included; a request that runs out of time is retried like a 5xx. */
  timeoutMs?: number;
  /** PagerDuty's is 10,000; tests lower it to exercise window splitting on small accounts. */
  offsetCap?: number;
  /** Each request's path and query go to `debug` (the token travels only in a header). */
  log?: Logger;
}

/**
 * PagerDuty REST v2 over plain `fetch` (injected for tests). Retries 429 using the
 * rate-limit headers, and 5xx, dropped connections, timeouts and bodies cut off or not JSON
 * with backoff; anything else surfaces with the endpoint named.
 */
export function createPagerdutyClient(
  config: Pick<PagerdutyConfig, 'apiUrl' | 'token'>,
  options: PagerdutyClientOptions = {},
): PagerdutyClient {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => timerSleep(ms, options.signal));
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const spent = { restCalls: 0 };
  const base = config.apiUrl.replace(/\/+$/, '');

  async function get(path: string, params: QueryParams = {}): Promise<unknown> {
    const url = new URL(base + path);
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(`${key}[]`, v);
      else url.searchParams.set(key, String(value));
    }
    let rateLimited = 0;
    let failures = 0;
    const callsBefore = spent.restCalls;
    const gaveUp = () => `; gave up after ${spent.restCalls - callsBefore} attempts`;
    const wait = (ms: number, reason: string) => {
      options.log?.warn(`waiting ${Math.round(ms / 100) / 10}s to retry GET ${path}: ${reason}`);
      return sleep(ms);
    };
    for (;;) {
      options.log?.debug(`GET ${url.pathname}${url.search}`);
      spent.restCalls++;
      let answer: Exchange;
      try {
        answer = await exchange(
          fetchImpl,
          url,
          {
            headers: {
              Authorization: `Token token=${config.token}`,
              Accept: 'application/vnd.pagerduty+json;version=2',
            },
          },
          timeoutMs,
        );
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        metrics().pagerdutyRequests.inc({ status: '0' });
        const limit = error.kind === 'unreachable' ? MAX_UNREACHABLE_RETRIES : MAX_SERVER_ERROR_RETRIES;
        if (failures++ < limit) {
          await wait(backoffMs(failures - 1, random, 500, 30_000), error.message);
          continue;
        }
        throw new PagerdutyError(describeTransportFailure(error, base, path) + gaveUp());
      }
      const { response, text, json } = answer;
      metrics().pagerdutyRequests.inc({ status: String(response.status) });
      if (response.status === 429) metrics().pagerdutyRateLimited.inc();
      if (response.ok) return json;
      if (response.status === 429 && rateLimited++ < MAX_RATE_LIMIT_RETRIES) {
        await wait(retryDelayMs(response.headers, rateLimited, random), 'rate limited (HTTP 429)');
        continue;
      }
      if (response.status >= 500 && failures++ < MAX_SERVER_ERROR_RETRIES) {
        await wait(retryDelayMs(response.headers, failures, random), `HTTP ${response.status}`);
        continue;
      }
      if (response.status === 401) {
        throw new PagerdutyError(`PagerDuty rejected the token (401) on GET ${path}: check pagerduty.token`, 401);
      }
      const retried = response.status === 429 || response.status >= 500 ? gaveUp() : '';
      throw new PagerdutyError(
        `PagerDuty GET ${path} answered HTTP ${response.status}: ${describeErrorBody(text)}${retried}`,
        response.status,
      );
    }
  }

  return {
    spent,
    offsetCap: options.offsetCap ?? 10_000,
    get,
    async getParsed(path, params, schema) {
      const result = schema.safeParse(await get(path, params));
      if (result.success) return result.data;
      const issue = result.error.issues[0]!;
      const field = issue.path.map(String).join('.') || '(body)';
      throw new PagerdutyError(`unexpected PagerDuty response from GET ${path}: field ${field}: ${issue.message}`);
    },
  };
}

/** PagerDuty's error body is `{error: {message, code, errors: [...]}}`; show it, briefly. */
function describeErrorBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown; errors?: unknown } };
    if (parsed.error && typeof parsed.error.message === 'string') {
      const details = Array.isArray(parsed.error.errors) ? ` (${parsed.error.errors.join('; ')})` : '';
      return `${parsed.error.message}${details}${parsed.error.code !== undefined ? ` [code ${String(parsed.error.code)}]` : ''}`.slice(
        0,
        300,
      );
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 200);
}

function describeTransportFailure(error: TransportError, base: string, path: string): string {
  switch (error.kind) {
    case 'unreachable':
    case 'network':
      return `PagerDuty API at ${base} is unreachable (${error.detail}): check pagerduty.apiUrl and the network`;
    case 'not-json':
      return `PagerDuty GET ${path} answered with a body that is not JSON (${error.detail})`;
    default:
      return `PagerDuty GET ${path} gave no usable answer: ${error.message}`;
  }
}

/**
 * `ratelimit-reset` (PagerDuty) or `retry-after` is seconds to wait (relative, so no clock
 * is involved), at most a minute; otherwise exponential backoff with jitter.
 */
export function retryDelayMs(headers: Headers, attempt: number, random: () => number = Math.random): number {
  const reset = headers.get('ratelimit-reset') ?? headers.get('retry-after');
  if (reset && Number.isFinite(Number(reset)) && Number(reset) >= 0)
    return Math.min(60_000, Math.max(1, Number(reset)) * 1000);
  return backoffMs(attempt - 1, random, 500, 30_000);
}
