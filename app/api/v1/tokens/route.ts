import { z } from 'zod';
import { createApiToken, listApiTokens } from '@/access/api-tokens';
import type { CreatedToken } from '@/access/responses';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { readJsonBody } from '@/app/_server/json-body';
import { ROLES } from '@/lib/config-schema';
import { json } from '@/lib/http';

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
  const body = await readJsonBody(request, tokenRequest, '{"name": "ci", "role": "viewer"}');
  if (!body.ok) return body.response;
  const { db } = await getServerContext();
  const created = await createApiToken(db, { ...body.data, createdBy: access.principal.actor });
  const answer: CreatedToken = { token: created.token, ...created.summary };
  return json(answer, { status: 201, headers: { 'cache-control': 'no-store' } });
}
