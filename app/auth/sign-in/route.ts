import { NextResponse } from 'next/server';
import { beginSignIn, FLOW_COOKIE, safeReturnPath } from '@/access/oidc';
import { publicOrigin, setCookie } from '@/app/_server/auth-cookies';
import { getServerContext } from '@/app/_server/context';
import { plainPage } from '@/lib/access/plain-page';
import { logger } from '@/lib/logger';

export const dynamic = 'force-dynamic';

/** GET /auth/sign-in?next=/path — send the browser to the OpenID provider (authorization code + PKCE). */
export async function GET(request: Request) {
  const { db, loaded } = await getServerContext();
  const auth = loaded.config.auth;
  if (!auth?.oidc) return plainPage(404, 'No sign-in', 'Sign-in is not configured here (auth.oidc).');
  const returnTo = safeReturnPath(new URL(request.url).searchParams.get('next'));
  try {
    const flow = await beginSignIn(db, auth.oidc, `${publicOrigin(request, auth)}/auth/callback`, returnTo);
    const response = NextResponse.redirect(flow.location, 303);
    setCookie(response, request, auth, FLOW_COOKIE, flow.flowCookie, flow.maxAgeSeconds);
    return response;
  } catch (error) {
    logger.child('access').error('the OpenID provider could not be reached', {
      issuer: auth.oidc.issuer,
      error: error instanceof Error ? error.message : String(error),
    });
    return plainPage(502, 'Sign-in unavailable', 'The identity provider could not be reached. Try again shortly.', {
      href: `/auth/sign-in?next=${encodeURIComponent(returnTo)}`,
      label: 'Try again',
    });
  }
}
