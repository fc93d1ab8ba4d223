import type { z } from 'zod';
import { redact } from '../../lib/logger';
import type { PagerdutyConfig } from '../../lib/config';
import type { Logger } from '../../lib/logger';

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

export interface PagerdutyClientOptions {
  fetch?: typeof fetch;
  /** Injected so tests do not wait out real back-off delays. */
  sleep?: (ms: number) => Promise<void>;
  /** PagerDuty's is 10,000; tests lower it to exercise window splitting on small accounts. */
  offsetCap?: number;
  /** Each request's path and query go to `debug` (the token travels only in a header). */
  log?: Logger;
}

/**
 * PagerDuty REST v2 over plain `fetch` (injected for tests). Retries 429 using the
 * rate-limit headers and 5xx with backoff; anything else surfaces with the endpoint named.
 */
export function createPagerdutyClient(
  config: Pick<PagerdutyConfig, 'apiUrl' | 'token'>,
  options: PagerdutyClientOptions = {},
): PagerdutyClient {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
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
    let serverErrors = 0;
    for (;;) {
      let response: Response;
      options.log?.debug(`GET ${url.pathname}${url.search}`);
      try {
        spent.restCalls++;
        response = await fetchImpl(url, {
          headers: { Authorization: `Token token=${config.token}`, Accept: 'application/vnd.pagerduty+json;version=2' },
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new PagerdutyError(
          `PagerDuty API at ${base} is unreachable (${cause}): check pagerduty.apiUrl and the network`,
        );
      }
      if (response.ok) {
        try {
          return await response.json();
        } catch {
          throw new PagerdutyError(`PagerDuty GET ${path} answered with a body that is not JSON`);
        }
      }
      if (response.status === 429 && rateLimited++ < MAX_RATE_LIMIT_RETRIES) {
        await response.body?.cancel();
        await sleep(retryDelayMs(response, rateLimited));
        continue;
      }
      if (response.status >= 500 && serverErrors++ < MAX_SERVER_ERROR_RETRIES) {
        await response.body?.cancel();
        await sleep(retryDelayMs(response, serverErrors));
        continue;
      }
      if (response.status === 401) {
        await response.body?.cancel();
        throw new PagerdutyError(`PagerDuty rejected the token (401) on GET ${path}: check pagerduty.token`, 401);
      }
      const body = await response.text().catch(() => '');
      throw new PagerdutyError(
        `PagerDuty GET ${path} answered HTTP ${response.status}: ${describeErrorBody(body)}`,
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

/** `ratelimit-reset` (PagerDuty) or `retry-after` is seconds to wait; otherwise exponential backoff. */
export function retryDelayMs(response: Response, attempt: number): number {
  const reset = response.headers.get('ratelimit-reset') ?? response.headers.get('retry-after');
  if (reset && Number.isFinite(Number(reset)) && Number(reset) >= 0)
    return Math.min(60_000, Math.max(1, Number(reset)) * 1000);
  return Math.min(30_000, 500 * 2 ** (attempt - 1) + Math.random() * 250);
}
