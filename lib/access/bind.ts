import type { AuthConfig } from '../config-schema';
import { isLoopbackHost } from './network';
import { accessMode } from './policy';

export class UnsafeBindError extends Error {}

/**
 * Where the web server listens. With no `auth` configured nobody signs in, so it serves this
 * machine only (127.0.0.1) unless `auth.mode: none` says open on purpose; `HOST`/`PAVED_HOST`
 * choose an interface, and one beyond this machine without auth is refused.
 * @example resolveBindHost(undefined, {}) // { host: '127.0.0.1', notice: 'no auth configured: …' }
 */
export function resolveBindHost(
  auth: AuthConfig | undefined,
  env: Record<string, string | undefined>,
): { host: string | undefined; notice: string } {
  const chosen = env.HOST || env.PAVED_HOST || undefined;
  const mode = accessMode(auth);
  if (mode === 'local') {
    if (chosen && !isLoopbackHost(chosen)) {
      throw new UnsafeBindError(
        `HOST=${chosen} would serve other machines, but no auth is configured (auth in paved.config.yaml): ` +
          'configure auth.oidc or auth.proxy, or set auth.mode: none to serve every interface without sign-in',
      );
    }
    const host = chosen ?? '127.0.0.1';
    return {
      host,
      notice: `no auth configured: serving only this machine on ${host} (see README, "Access": configure auth to serve others)`,
    };
  }
  if (mode === 'none') {
    return {
      host: chosen,
      notice: 'auth.mode is none: anyone who can reach the port can read every page and API (a banner says so)',
    };
  }
  return {
    host: chosen,
    notice: `sign-in required (${[auth?.oidc && 'OpenID Connect', auth?.proxy && 'trusted proxy'].filter(Boolean).join(', ')})`,
  };
}
