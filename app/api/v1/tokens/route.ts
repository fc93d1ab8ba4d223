import { z } from 'zod';
import { createApiToken, listApiTokens } from '@/access/api-tokens';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { ROLES } from '@/lib/config-schema';
import { badRequest, json } from '@/lib/http';

export const dynamic = 'force-dynamic';

const tokenRequest = z.strictObject({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/, 'expected 1–64 letters, digits, spaces, ".", "_" or "-"'),
  role: z.enum(ROLES),
});

/** GET /api/v1/tokens — every API token (never the secret): name, role, creation, last use, revocation. Admin. */
export async function GET(request: Request) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const { db } = await getServerContext();
  return json({ items: await listApiTokens(db) }, { headers: { 'cache-control': 'no-store' } });
}

/** POST /api/v1/tokens {name, role} — create a token; the answer holds the secret, shown this once. Admin. */
export async function POST(request: Request) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const body = await request.text();
  if (body.length > 4096) return badRequest('body: at most 4096 characters');
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return badRequest('body: expected JSON such as {"name": "ci", "role": "viewer"}');
  }
  const parsed = tokenRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return badRequest(`${issue.path.map(String).join('.') || 'body'}: ${issue.message}`);
  }
  const { db } = await getServerContext();
  const created = await createApiToken(db, { ...parsed.data, createdBy: access.principal.actor });
  return json({ token: created.token, ...created.summary }, { status: 201, headers: { 'cache-control': 'no-store' } });
}
