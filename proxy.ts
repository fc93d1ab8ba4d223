import { NextResponse, type NextRequest } from 'next/server';
import { apiError } from '@/lib/http';
import { malformedAddress } from '@/lib/request-path';
import { contentSecurityPolicy, HSTS, newNonce, servedOverHttps } from '@/lib/security-headers';

/**
 * Runs before every route: refuses addresses that cannot be decoded, and sets the
 * per-request Content-Security-Policy (its nonce reaches Next.js through the request's
 * policy header) and, on https, Strict-Transport-Security. The request-independent headers
 * are in next.config.ts.
 */
export function proxy(request: NextRequest) {
  const https = servedOverHttps(request);
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    https,
    development: process.env.NODE_ENV === 'development',
  });
  const malformed = malformedAddress(new URL(request.url));
  let response: NextResponse;
  if (malformed) {
    response = apiError(400, 'bad_request', malformed);
  } else {
    const headers = new Headers(request.headers);
    headers.set('content-security-policy', policy);
    response = NextResponse.next({ request: { headers } });
  }
  response.headers.set('content-security-policy', policy);
  if (https) response.headers.set('strict-transport-security', HSTS);
  return response;
}

export const config = {
  // Build assets are immutable files: they need no nonce, only the static headers.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
