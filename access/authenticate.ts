import type { Db } from '../db/database';
import type { PavedConfig, Role } from '../lib/config-schema';
import { bearerCredential, secretsMatch, TOKEN_PREFIX } from '../lib/access/credentials';
import { addressMatcher, isLoopbackAddress } from '../lib/access/network';
import { accessMode } from '../lib/access/policy';
import { roleFor } from '../lib/access/roles';
import { createThrottle, type Throttle } from '../lib/access/throttle';
import { logger } from '../lib/logger';
import { findApiToken } from './api-tokens';
import { findSession, readCookie, SESSION_COOKIE } from './sessions';

export interface Principal {
  /** Who, as the audit log names them: an email, `token:<name>`, `server.adminToken`, `anonymous`. */
  actor: string;
  role: Role;
  /** `session` and `proxy` credentials travel with every browser request, so their writes need a CSRF check. */
  via: 'token' | 'session' | 'proxy' | 'open';
}

export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403 | 429; message: string; retryAfterSeconds?: number };

export interface AuthenticateOptions {
  /**
   * false: a wrong token is not counted towards its address's throttle. For a look ahead of the
   * request's own check (the response cache in front of Next.js), which would count it twice.
   */
  countFailures?: boolean;
}

export interface RequestCredentials {
  headers: Headers;
  /** The TCP peer (see lib/access/peer.ts), or null when unknown. */
  peer: string | null;
}

const log = logger.child('access');
const FAILURE_LIMIT = 10;
// One per process on globalThis: proxy.ts and the route handlers are separate bundles.
const shared = globalThis as typeof globalThis & { __pavedAccess?: { failures: Throttle; warnedAdminToken: boolean } };
const state = (shared.__pavedAccess ??= {
  failures: createThrottle({ limit: FAILURE_LIMIT, windowMs: 60_000 }),
  warnedAdminToken: false,
});
const failures = state.failures;

/**
 * Who is asking: an API token (`Authorization: Bearer`), else the user a trusted proxy names,
 * else the signed-in user (session cookie), else —
 * only where Paved runs open (no auth, or `auth.mode: none`) — an anonymous viewer.
 * A presented token that is wrong is refused outright, never ignored in favour of a cookie.
 */
export async function authenticate(
  db: Db,
  config: PavedConfig,
  request: RequestCredentials,
  options: AuthenticateOptions = {},
): Promise<Authentication> {
  const bearer = bearerCredential(request.headers.get('authorization'));
  if (bearer !== null) return authenticateBearer(db, config, bearer, request.peer ?? 'unknown', options);
  const proxied = fromTrustedProxy(config, request);
  if (proxied) return proxied;
  const cookie = config.auth?.oidc ? readCookie(request.headers.get('cookie'), SESSION_COOKIE) : null;
  if (cookie) {
    const user = await findSession(db, cookie);
    // An expired or ended session is no session: the page sends the visitor to sign in again.
    if (user) return { ok: true, principal: { actor: user.email ?? user.subject, role: user.role, via: 'session' } };
  }
  const mode = accessMode(config.auth);
  if (mode === 'local' && request.peer && !isLoopbackAddress(request.peer)) {
    // Bound to 127.0.0.1 by default; reached from elsewhere all the same (a port forward, HOST set by hand).
    return {
      ok: false,
      status: 401,
      message: 'no auth is configured, so Paved answers only this machine (configure auth, or set auth.mode: none)',
    };
  }
  if (mode !== 'protected') return { ok: true, principal: { actor: 'anonymous', role: 'viewer', via: 'open' } };
  return { ok: false, status: 401, message: 'sign in, or send an API token as Authorization: Bearer …' };
}

const trustedMatchers = new WeakMap<readonly string[], (address: string | null) => boolean>();

/**
 * Trusted reverse-proxy mode: the proxy in front (oauth2-proxy, IAP, Pomerium) signed the user
 * in and names them in `auth.proxy.header`. The header counts only on a connection from
 * `auth.proxy.trustedProxies`; from anywhere else it is ignored, as anyone can send it.
 */
function fromTrustedProxy(config: PavedConfig, request: RequestCredentials): Authentication | null {
  const proxy = config.auth?.proxy;
  const email = proxy ? request.headers.get(proxy.header)?.trim() : null;
  if (!proxy || !email) return null;
  let trusted = trustedMatchers.get(proxy.trustedProxies);
  if (!trusted) trustedMatchers.set(proxy.trustedProxies, (trusted = addressMatcher(proxy.trustedProxies)));
  if (!trusted(request.peer)) return null;
  const groups = proxy.groupsHeader
    ? (request.headers.get(proxy.groupsHeader) ?? '')
        .split(',')
        .map((group) => group.trim())
        .filter(Boolean)
    : [];
  const role = roleFor(config.auth!.roles, { email, groups });
  if (!role) return { ok: false, status: 403, message: `auth.roles gives ${email} no role in Paved` };
  return { ok: true, principal: { actor: email, role, via: 'proxy' } };
}

async function authenticateBearer(
  db: Db,
  config: PavedConfig,
  bearer: string,
  client: string,
  options: AuthenticateOptions,
): Promise<Authentication> {
  const atMs = Date.now();
  const waitMs = failures.retryAfterMs(client, atMs);
  if (waitMs > 0) {
    return {
      ok: false,
      status: 429,
      message: 'too many failed credentials from this address; try again later',
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    };
  }
  if (bearer.startsWith(TOKEN_PREFIX)) {
    const token = await findApiToken(db, bearer);
    if (token) return { ok: true, principal: { actor: `token:${token.name}`, role: token.role, via: 'token' } };
  } else if (config.server.adminToken && bearer && secretsMatch(bearer, config.server.adminToken)) {
    if (!state.warnedAdminToken) {
      state.warnedAdminToken = true;
      log.warn(
        'server.adminToken is deprecated: create an admin API token (npm run token -- create --name NAME --role admin) and remove server.adminToken from the configuration',
      );
    }
    return { ok: true, principal: { actor: 'server.adminToken', role: 'admin', via: 'token' } };
  }
  if (options.countFailures !== false) failures.recordFailure(client, atMs);
  return {
    ok: false,
    status: 401,
    message: bearer
      ? 'the token is unknown or revoked'
      : 'expected the Authorization header to be "Bearer <token>" (no other scheme is accepted)',
  };
}
