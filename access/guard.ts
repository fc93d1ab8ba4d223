import type { Db } from '../db/database';
import type { PavedConfig, Role } from '../lib/config-schema';
import { isPublicPath, isReadMethod, requiredRole, roleAllows } from '../lib/access/policy';
import { authenticate, type AuthenticateOptions, type Principal, type RequestCredentials } from './authenticate';

export type AccessDecision =
  | { allow: true; principal: Principal | null }
  | { allow: false; status: 401 | 403 | 429; code: string; message: string; retryAfterSeconds?: number };

export interface AccessRequest extends RequestCredentials {
  method: string;
  pathname: string;
}

/**
 * The one access rule for every request (see docs/access.md): public paths pass; everything
 * else needs a principal holding the role the path and method need; a write carried by a
 * browser credential (cookie, proxy header) must come from Paved's own origin.
 */
export async function decideAccess(
  db: Db,
  config: PavedConfig,
  request: AccessRequest,
  /** A handler's own requirement; without it, public paths pass and the path decides. */
  role?: Role,
  options: AuthenticateOptions = {},
): Promise<AccessDecision> {
  if (role === undefined && isPublicPath(request.pathname, request.method, config.auth)) {
    return { allow: true, principal: null };
  }
  const needed = role ?? requiredRole(request.pathname, request.method);
  const auth = await authenticate(db, config, request, options);
  if (!auth.ok) {
    return {
      allow: false,
      status: auth.status,
      code: { 401: 'unauthorized', 403: 'forbidden', 429: 'too_many_requests' }[auth.status],
      message: auth.message,
      retryAfterSeconds: auth.retryAfterSeconds,
    };
  }
  const { principal } = auth;
  if (!roleAllows(principal.role, needed)) {
    const message =
      principal.via === 'open'
        ? 'this needs an admin: send an admin API token as Authorization: Bearer … (npm run token -- create --name NAME --role admin)'
        : `this needs the admin role; ${principal.actor} is a ${principal.role}`;
    return { allow: false, status: principal.via === 'open' ? 401 : 403, code: 'forbidden', message };
  }
  if ((principal.via === 'session' || principal.via === 'proxy') && !isReadMethod(request.method)) {
    if (!isSameOrigin(request.headers, config.auth?.baseUrl)) {
      return {
        allow: false,
        status: 403,
        code: 'cross_origin',
        message: 'a change made with a browser sign-in must come from a Paved page (Origin mismatch)',
      };
    }
  }
  return { allow: true, principal };
}

/** The request's Origin is Paved itself: `auth.baseUrl` when set, else the Host it was sent to. */
export function isSameOrigin(headers: Headers, baseUrl: string | undefined): boolean {
  const origin = headers.get('origin');
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (baseUrl) return parsed.origin === new URL(baseUrl).origin;
  return parsed.host === headers.get('host');
}
