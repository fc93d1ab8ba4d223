import { recordAudit } from '@/access/audit-log';
import { isSameOrigin } from '@/access/guard';
import { endSession, readCookie, SESSION_COOKIE } from '@/access/sessions';
import { setCookie } from '@/app/_server/auth-cookies';
import { getServerContext } from '@/app/_server/context';
import { plainPage } from '@/lib/access/plain-page';

export const dynamic = 'force-dynamic';

/** POST /auth/sign-out — end the session (server-side, at once) and clear its cookie. */
export async function POST(request: Request) {
  const { db, loaded } = await getServerContext();
  if (!isSameOrigin(request.headers, loaded.config.auth?.baseUrl)) {
    return plainPage(403, 'Not allowed', 'Signing out must come from a Paved page (Origin mismatch).');
  }
  const cookie = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  const user = cookie ? await endSession(db, cookie) : null;
  if (user) await recordAudit(db, { actor: user.email ?? user.subject, action: 'sign-out' });
  const response = plainPage(200, 'Signed out', 'Your Paved session has ended.', {
    href: '/auth/sign-in',
    label: 'Sign in again',
  });
  setCookie(response, request, loaded.config.auth, SESSION_COOKIE, '', 0);
  return response;
}
