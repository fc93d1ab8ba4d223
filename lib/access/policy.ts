import type { AuthConfig, Role } from '../config-schema';

/**
 * Who may call what. Everything needs a signed-in user or an API token unless it is listed
 * here as public; anything that changes state, and everything under /admin, needs an admin.
 */

/** `local`: no auth configured, serving 127.0.0.1 only; `none`: open on purpose; `protected`: sign-in. */
export type AccessMode = 'local' | 'none' | 'protected';

export function accessMode(auth: AuthConfig | undefined): AccessMode {
  if (!auth) return 'local';
  return auth.mode === 'none' ? 'none' : 'protected';
}

/** Paths that answer without credentials. */
const PUBLIC_PATHS = new Set([
  '/api/health',
  '/api/ready',
  '/auth/sign-in',
  '/auth/callback',
  '/auth/sign-out',
  // The favicon, which the sign-in redirect's pages ask for too.
  '/icon.svg',
]);

/**
 * Webhooks prove themselves with a signature over the body, which their own handler checks
 * before reading anything; list each one here when it is added.
 */
export const SIGNED_WEBHOOK_PATHS: readonly string[] = ['/api/v1/webhooks/github', '/api/v1/webhooks/pagerduty'];

const BADGE_PATH = /^\/api\/v1\/badges\/[^/]+$/;

export function isPublicPath(pathname: string, method: string, auth: AuthConfig | undefined): boolean {
  if (PUBLIC_PATHS.has(pathname) || SIGNED_WEBHOOK_PATHS.includes(pathname)) return true;
  const badgesPublic = auth?.publicBadges ?? true;
  return badgesPublic && isReadMethod(method) && BADGE_PATH.test(pathname);
}

const ADMIN_PREFIXES = ['/admin', '/api/v1/tokens', '/api/v1/audit'];

/** Reads under /admin and the token and audit APIs, and every write except signing out. */
export function requiredRole(pathname: string, method: string): Role {
  if (pathname === '/auth/sign-out') return 'viewer';
  if (!isReadMethod(method)) return 'admin';
  return ADMIN_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`)) ? 'admin' : 'viewer';
}

export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export function roleAllows(held: Role, needed: Role): boolean {
  return held === 'admin' || needed === 'viewer';
}

/** API clients (and Prometheus, on /metrics) get JSON errors; everything else is a page (redirected to sign-in). */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/') || pathname === '/metrics';
}
