/**
 * One HTTP exchange as both collectors need it on a flaky network: a deadline over the whole
 * exchange (headers and body), the body always read to the end, and a failure that says
 * which of "no connection", "no answer in time", "cut off" or "not JSON" happened, so the
 * clients can retry the transient ones and name the right cause when they give up.
 */

/** Per request; injectable so tests can exercise the timeout path in milliseconds. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The longest single wait for a rate-limit reset or `retry-after`. A reset further away is clock skew or nonsense. */
export const MAX_WAIT_MS = 15 * 60_000;

/** Node's timers hold a signed 32-bit delay: anything longer fires after 1 ms. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Connection errors that mean nothing answers at that address, as opposed to a connection that broke. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

export type TransportFailure = 'unreachable' | 'network' | 'timeout' | 'cut-off' | 'not-json';

/** No usable answer arrived. Every kind is worth retrying; `unreachable` only briefly. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    /** The error code or a snippet of the body, for the message when retries run out. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(describeTransport(kind, detail), options);
    this.name = 'TransportError';
  }
}

function describeTransport(kind: TransportFailure, detail: string): string {
  switch (kind) {
    case 'unreachable':
      return `unreachable (${detail})`;
    case 'network':
      return `connection lost (${detail})`;
    case 'timeout':
      return `no answer within ${detail}`;
    case 'cut-off':
      return `the response body was cut off (${detail})`;
    case 'not-json':
      return `the response body was not JSON (${detail})`;
  }
}

export interface Exchange {
  response: Response;
  /** The whole body; `response.body` is spent. */
  text: string;
  /** The parsed body of a 2xx answer (every 2xx these APIs send is JSON); undefined otherwise. */
  json: unknown;
}

/** Waits, but never hands setTimeout a delay it would turn into 1 ms; a stopping worker's `signal` ends the wait. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A wait clamped to [0, MAX_WAIT_MS]; a NaN (an unparseable header) becomes the cap rather than 1 ms. */
export function boundedWait(ms: number): number {
  return Number.isNaN(ms) ? MAX_WAIT_MS : Math.min(MAX_WAIT_MS, Math.max(0, Math.round(ms)));
}

/** Exponential backoff with jitter: base·2^attempt scaled by a random factor in [0.5, 1.5), at most `capMs`. */
export function backoffMs(attempt: number, random: () => number, baseMs = 1000, capMs = 60_000): number {
  return Math.min(capMs, Math.round(baseMs * 2 ** attempt * (0.5 + random())));
}

/** The first `code` along an error's cause chain (undici nests them, sometimes in an AggregateError). */
export function errorCode(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (typeof e.code === 'string') return e.code;
    const nested = Array.isArray(e.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
    if (typeof nested?.code === 'string') return nested.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function causeMessage(error: unknown): string {
  const e = error as { message?: string; cause?: { message?: string } };
  return [e.message, e.cause?.message].filter(Boolean).join(': ') || String(error);
}

/**
 * Reads the body to the end, or until the deadline. The race matters when a wrapper (Next's
 * patched fetch tees every body) stops the signal reaching the stream we read.
 */
async function readText(response: Response, deadline: AbortSignal): Promise<string> {
  const text = response.text();
  // When the deadline wins the race, this rejection would otherwise go unobserved.
  text.catch(() => undefined);
  deadline.throwIfAborted();
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(deadline.reason as Error);
  });
  deadline.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([text, aborted]);
  } finally {
    deadline.removeEventListener('abort', onAbort);
  }
}

/**
 * One request with a deadline, its body read in full. The body is never cancelled: under
 * Next.js a response body is one branch of a tee whose other branch nobody reads, and
 * cancelling one branch of a tee waits for the other, forever.
 */
export async function exchange(
  fetchImpl: typeof fetch,
  input: RequestInfo | URL,
  init: RequestInit,
  timeoutMs: number,
): Promise<Exchange> {
  // A controller and a timer cleared once the body is in, rather than AbortSignal.timeout/any:
  // those keep every request's signal (and what listens to it) alive until the timeout fires,
  // which at a few requests a second holds tens of megabytes of finished responses.
  const deadline = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    deadline.abort(new DOMException(`no answer within ${timeoutMs / 1000} s`, 'TimeoutError'));
  }, timeoutMs);
  const outer = init.signal;
  const onOuterAbort = () => deadline.abort(outer!.reason);
  if (outer?.aborted) deadline.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = deadline.signal;
  const failed = (error: unknown, whileReading: boolean): unknown => {
    if (outer?.aborted) return error;
    if (timedOut) return new TransportError('timeout', `${timeoutMs / 1000} s`, { cause: error });
    if (whileReading) return new TransportError('cut-off', causeMessage(error), { cause: error });
    if (!(error instanceof TypeError)) return error;
    const code = errorCode(error);
    // Without a code it is rarely the network (a bad port, a URL fetch refuses): retry only briefly.
    const kind = !code || UNREACHABLE_CODES.has(code) ? 'unreachable' : 'network';
    return new TransportError(kind, code ?? causeMessage(error), { cause: error });
  };
  try {
    let response: Response;
    try {
      response = await fetchImpl(input, { ...init, signal });
    } catch (error) {
      throw failed(error, false);
    }
    let text: string;
    try {
      text = await readText(response, signal);
    } catch (error) {
      throw failed(error, true);
    }
    let json: unknown;
    if (response.ok && response.status !== 204 && response.status !== 205) {
      try {
        json = JSON.parse(text);
      } catch {
        throw new TransportError('not-json', snippet(text));
      }
    }
    return { response, text, json };
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return 'empty';
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

/**
 * `exchange` as a `fetch` for libraries that take one (@octokit/request): the answer comes
 * back fully buffered, and transport failures reject as TransportError.
 */
export function deadlineFetch(fetchImpl: typeof fetch, timeoutMs: number): typeof fetch {
  return async (input, init = {}) => {
    const { response, text } = await exchange(fetchImpl, input, init, timeoutMs);
    const empty = response.status === 204 || response.status === 205 || response.status === 304;
    return new Response(empty ? null : text, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
