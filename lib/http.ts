import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { etagListMatches } from './etag';

/** One error shape for every endpoint: `{ error: { message, code, status } }`. */
export function apiError(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { message, code, status } }, { status });
}

export const badRequest = (message: string) => apiError(400, 'bad_request', message);
export const notFound = (message: string) => apiError(404, 'not_found', message);

export function json(body: unknown, init?: ResponseInit): NextResponse {
  return NextResponse.json(body, init);
}

/**
 * Parses query parameters with a zod schema; a failure becomes a 400 naming the parameter.
 * @example const parsed = parseSearchParams(request, doraParams); if (!parsed.ok) return parsed.response;
 */
export function parseSearchParams<S extends z.ZodType>(
  request: Request,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; response: NextResponse } {
  const params = Object.fromEntries(new URL(request.url).searchParams.entries());
  const result = schema.safeParse(params);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0]!;
  const name = issue.path.map(String).join('.') || 'query';
  return { ok: false, response: badRequest(`${name}: ${issue.message}`) };
}

/** Whether the request's `If-None-Match` names `etag` (or is `*`), compared weakly as RFC 9110 §13.1.2 says. */
export function ifNoneMatch(request: Request, etag: string): boolean {
  return etagListMatches(request.headers.get('if-none-match'), etag);
}

/** Figures change with every derivation: clients may keep an answer but must revalidate it (cheap: a 304). */
export const REVALIDATE = 'private, no-cache';

/** 304 Not Modified: the client's copy (named by `etag`) is still the answer. */
export function notModified(etag: string, cacheControl = REVALIDATE): Response {
  return new Response(null, { status: 304, headers: { etag, 'cache-control': cacheControl } });
}
