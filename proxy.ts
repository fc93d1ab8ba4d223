import { NextResponse, type NextRequest } from 'next/server';
import { decideAccess, type AccessDecision } from '@/access/guard';
import { getDb } from '@/db/database';
import { refuseUnsupportedMethod } from '@/lib/allowed-methods';
import { peerAddress, PEER_HEADER } from '@/lib/access/peer';
import { plainPage } from '@/lib/access/plain-page';
import { isApiPath } from '@/lib/access/policy';
import { loadConfigCached, type PavedConfig } from '@/lib/config';
import { apiError } from '@/lib/http';
import { malformedAddress } from '@/lib/request-path';
import { contentSecurityPolicy, HSTS, newNonce, servedOverHttps } from '@/lib/security-headers';

/**
 * Runs before every route (Next.js 16 "proxy", formerly middleware):
 * - refuses addresses that cannot be decoded, and methods an /api route does not export (a JSON
 *   405 with `Allow`, lib/allowed-methods.ts);
 * - decides access, denying by default (docs/access.md, lib/access/policy.ts): an API client
 *   is answered in JSON, a page visitor is sent to sign in;
 * - sets the per-request Content-Security-Policy (its nonce reaches Next.js through the
 *   request's policy header) and, on https, Strict-Transport-Security. The request-independent
 *   headers are in next.config.ts.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const https = servedOverHttps(request);
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    https,
    development: process.env.NODE_ENV === 'development',
  });
  const malformed = malformedAddress(new URL(request.url));
  let response: NextResponse;
  const unsupported = malformed ? null : refuseUnsupportedMethod(request.method, request.nextUrl.pathname);
  if (malformed) {
    response = apiError(400, 'bad_request', malformed);
  } else if (unsupported) {
    response = unsupported;
  } else {
    const { config } = loadConfigCached();
    const peer = peerAddress(request.headers);
    const decision = await decideAccess(await getDb(), config, {
      method: request.method,
      pathname: request.nextUrl.pathname,
      headers: request.headers,
      peer,
    });
    if (decision.allow) {
      const headers = new Headers(request.headers);
      headers.set('content-security-policy', policy);
      // Handlers read the peer through the same header, and only when bin/serve.ts set it.
      if (!peer) headers.delete(PEER_HEADER);
      response = NextResponse.next({ request: { headers } });
    } else {
      response = refuse(request, decision, config);
    }
  }
  response.headers.set('content-security-policy', policy);
  if (https) response.headers.set('strict-transport-security', HSTS);
  return response;
}

function refuse(request: NextRequest, decision: Extract<AccessDecision, { allow: false }>, config: PavedConfig) {
  const pathname = request.nextUrl.pathname;
  if (isApiPath(pathname)) {
    const response = apiError(decision.status, decision.code, decision.message);
    if (decision.retryAfterSeconds) response.headers.set('retry-after', String(decision.retryAfterSeconds));
    return response;
  }
  if (decision.status === 401 && config.auth?.oidc) {
    const signIn = new URL('/auth/sign-in', request.url);
    signIn.searchParams.set('next', pathname + request.nextUrl.search);
    return NextResponse.redirect(signIn, 303);
  }
  const title =
    decision.status === 403 ? 'Not allowed' : decision.status === 429 ? 'Too many attempts' : 'Sign-in needed';
  return plainPage(decision.status, title, decision.message);
}

export const config = {
  // Build assets are immutable files: they need no nonce and carry no data. Everything else,
  // pages and API alike, is checked.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
