/**
 * The security headers every response carries. The Content-Security-Policy allows scripts only
 * from this origin and with the request's nonce (Next.js reads it from the request's policy and
 * puts it on its own scripts), never `eval` outside development (React's dev tooling needs it).
 * Styles may be inline: the server-rendered charts and the inlined stylesheet use style
 * attributes, which a nonce cannot cover; scripts are the dangerous half.
 */
export interface SecurityContext {
  nonce: string;
  /** Served over https (TLS here, or `X-Forwarded-Proto: https` from the proxy in front). */
  https: boolean;
  development: boolean;
}

export function contentSecurityPolicy({ nonce, https, development }: SecurityContext): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Headers that do not depend on the request; next.config.ts sets them on every path. */
export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  // For browsers that predate `frame-ancestors`.
  'X-Frame-Options': 'DENY',
};

/** One year, as the HSTS preload list asks; sent only on https, where browsers honour it. */
export const HSTS = 'max-age=31536000; includeSubDomains';

export function servedOverHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  return forwarded === 'https' || new URL(request.url).protocol === 'https:';
}

/** A fresh, unguessable nonce per request (128 bits, base64). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}
