import 'server-only';
import type { NextResponse } from 'next/server';
import { decideAccess } from '@/access/guard';
import type { Principal } from '@/access/authenticate';
import type { Role } from '@/lib/config-schema';
import { peerAddress } from '@/lib/access/peer';
import { apiError } from '@/lib/http';
import { getServerContext } from './context';

/**
 * The route handler's own check of the role an action needs. proxy.ts has already let the
 * request through; checking again here keeps an admin action safe should the proxy's
 * matcher or path rules ever miss it, and yields the principal the audit log names.
 * @example const access = await authorize(request, 'admin'); if (!access.ok) return access.response;
 */
export async function authorize(
  request: Request,
  role: Role,
): Promise<{ ok: true; principal: Principal } | { ok: false; response: NextResponse }> {
  const { db, loaded } = await getServerContext();
  const decision = await decideAccess(
    db,
    loaded.config,
    {
      method: request.method,
      pathname: new URL(request.url).pathname,
      headers: request.headers,
      peer: peerAddress(request.headers),
    },
    role,
  );
  if (decision.allow) return { ok: true, principal: decision.principal! };
  const response = apiError(decision.status, decision.code, decision.message);
  if (decision.retryAfterSeconds) response.headers.set('retry-after', String(decision.retryAfterSeconds));
  return { ok: false, response };
}
