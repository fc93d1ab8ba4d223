import { NextResponse } from 'next/server';
import type { z } from 'zod';

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
