import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from './logger';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A caller's X-Request-Id is kept when it is a plausible id (a proxy's or a client's); otherwise one is made. */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[A-Za-z0-9._:@-]{1,128}$/.test(value) ? value : randomUUID();
}

/** Static build assets: counted, but not one log line each. */
const isAsset = (path: string) => path.startsWith('/_next/static/') || path === '/favicon.ico';

/**
 * Gives the request its id (the app sees it in X-Request-Id, the caller in the response) and
 * logs one line when the response is finished: method, path without the query (which may hold
 * a token), status and duration. `onFinish` hears the same facts (the HTTP metrics).
 */
export function observeRequest(
  request: IncomingMessage,
  response: ServerResponse,
  log: Logger,
  onFinish?: (facts: { method: string; path: string; status: number; seconds: number }) => void,
): string {
  const started = process.hrtime.bigint();
  const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
  request.headers[REQUEST_ID_HEADER] = requestId;
  response.setHeader('X-Request-Id', requestId);
  response.once('close', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0]!;
    const status = response.writableFinished ? response.statusCode : 499;
    onFinish?.({ method, path, status, seconds });
    if (isAsset(path)) return;
    log[status >= 500 ? 'error' : 'info'](`${method} ${path} ${status}`, {
      requestId,
      method,
      path,
      status,
      durationMs: Math.round(seconds * 1000),
    });
  });
  return requestId;
}
