import 'server-only';
import type { NextResponse } from 'next/server';
import type { z } from 'zod';
import { badRequest } from '@/lib/http';

const MAX_BODY_CHARACTERS = 4096;

/**
 * A small JSON request body read through its zod schema, or the 400 to answer with: too long,
 * not JSON (`example` shows what is expected), or the first issue, named by its path.
 * @example const body = await readJsonBody(request, tokenRequest, '{"name": "ci", "role": "viewer"}');
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  example: string,
): Promise<{ ok: true; data: z.infer<S> } | { ok: false; response: NextResponse }> {
  const text = await request.text();
  if (text.length > MAX_BODY_CHARACTERS)
    return { ok: false, response: badRequest(`body: at most ${MAX_BODY_CHARACTERS} characters`) };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, response: badRequest(`body: expected JSON such as ${example}`) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, response: badRequest(`${issue.path.map(String).join('.') || 'body'}: ${issue.message}`) };
}
