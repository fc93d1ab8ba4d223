import { NextResponse } from 'next/server';
import { recordAudit } from '@/access/audit-log';
import { completeSignIn, FLOW_COOKIE } from '@/access/oidc';
import { readCookie, SESSION_COOKIE, startSession } from '@/access/sessions';
import { publicOrigin, setCookie } from '@/app/_server/auth-cookies';
import { getServerContext } from '@/app/_server/context';
import { plainPage } from '@/lib/access/plain-page';
import { roleFor } from '@/lib/access/roles';
import { logger } from '@/lib/logger';

export const dynamic = 'force-dynamic';

/**
 * GET /auth/callback — the OpenID provider returns here with a code: exchange it, map the user
 * to a role (auth.roles), start a session and go back to the page the user asked for.
 */
export async function GET(request: Request) {
  const { db, loaded } = await getServerContext();
  const auth = loaded.config.auth;
  if (!auth?.oidc) return plainPage(404, 'No sign-in', 'Sign-in is not configured here (auth.oidc).');
  const url = new URL(request.url);
  const callbackUrl = new URL(url.pathname + url.search, publicOrigin(request, auth));
  const again = { href: '/auth/sign-in', label: 'Sign in again' };
  let user: Awaited<ReturnType<typeof completeSignIn>>;
  try {
    user = await completeSignIn(db, auth.oidc, callbackUrl, readCookie(request.headers.get('cookie'), FLOW_COOKIE));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    logger.child('access').warn('sign-in failed', { error: message });
    return plainPage(400, 'Sign-in failed', `The sign-in could not be completed: ${message}`, again);
  }
  const actor = user.identity.email ?? user.subject;
  const role = roleFor(auth.roles, user.identity);
  if (!role) {
    await recordAudit(db, { actor, action: 'sign-in.refused', detail: { groups: user.identity.groups } });
    return plainPage(
      403,
      'Not allowed',
      `${actor} signed in, but auth.roles gives this account no role in Paved. Ask an admin to add your email, domain or group.`,
    );
  }
  const session = await startSession(
    db,
    { subject: user.subject, email: user.identity.email, name: user.name, role },
    auth.sessionHours,
  );
  await recordAudit(db, { actor, action: 'sign-in', detail: { role } });
  const response = NextResponse.redirect(new URL(user.returnTo, publicOrigin(request, auth)), 303);
  setCookie(response, request, auth, SESSION_COOKIE, session, Math.round(auth.sessionHours * 3600));
  setCookie(response, request, auth, FLOW_COOKIE, '', 0);
  return response;
}
