import { redact } from '../../lib/logger';
import type { PagerdutyConfig } from '../../lib/config';

export class PagerdutyError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'PagerdutyError';
  }
}

export interface PagerdutyClient {
  get(path: string, params?: Record<string, string | number | string[] | undefined>): Promise<unknown>;
  readonly spent: { restCalls: number };
}

const MAX_RETRIES = 5;

/**
 * PagerDuty REST v2 over plain `fetch` (injected for tests). Retries 429 using the
 * rate-limit headers and 5xx with backoff; anything else surfaces with the endpoint named.
 */
export function createPagerdutyClient(
  config: Pick<PagerdutyConfig, 'apiUrl' | 'token'>,
  fetchImpl: typeof fetch = fetch,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): PagerdutyClient {
  const spent = { restCalls: 0 };
  const base = config.apiUrl.replace(/\/+$/, '');
  return {
    spent,
    async get(path, params = {}) {
      const url = new URL(base + path);
      for (const [key, value] of Object.entries(params)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const v of value) url.searchParams.append(`${key}[]`, v);
        else url.searchParams.set(key, String(value));
      }
      for (let attempt = 0; ; attempt++) {
        let response: Response;
        try {
          spent.restCalls++;
          response = await fetchImpl(url, {
            headers: { Authorization: `Token token=${config.token}`, Accept: 'application/vnd.pagerduty+json;version=2' },
          });
        } catch (error) {
          const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
          throw new PagerdutyError(`PagerDuty API at ${base} is unreachable (${cause}): check pagerduty.apiUrl and the network`);
        }
        if (response.ok) return response.json();
        const retryable = response.status === 429 || response.status >= 500;
        if (retryable && attempt < MAX_RETRIES) {
          await sleep(retryDelayMs(response, attempt));
          continue;
        }
        if (response.status === 401) throw new PagerdutyError(`PagerDuty rejected the token (401) on GET ${path}: check pagerduty.token`);
        const body = await response.text().catch(() => '');
        throw new PagerdutyError(`PagerDuty GET ${path} answered HTTP ${response.status}: ${body.slice(0, 200)}`);
      }
    },
  };
}

function retryDelayMs(response: Response, attempt: number): number {
  const reset = response.headers.get('ratelimit-reset') ?? response.headers.get('retry-after');
  if (reset && Number.isFinite(Number(reset))) return Math.min(60_000, Number(reset) * 1000);
  return Math.min(30_000, 500 * 2 ** attempt + Math.random() * 250);
}
