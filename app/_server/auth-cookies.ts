import 'server-only';
import type { NextResponse } from 'next/server';
import type { AuthConfig } from '@/lib/config-schema';
import { servedOverHttps } from '@/lib/security-headers';

/** The origin users reach Paved at: `auth.baseUrl`, else the scheme and Host of the request. */
export function publicOrigin(request: Request, auth: AuthConfig | undefined): string {
  if (auth?.baseUrl) return new URL(auth.baseUrl).origin;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  return `${servedOverHttps(request) ? 'https' : 'http'}://${host}`;
}

/** HttpOnly, SameSite=Lax, and Secure whenever Paved is reached over https; `maxAgeSeconds` 0 deletes it. */
export function setCookie(
  response: NextResponse,
  request: Request,
  auth: AuthConfig | undefined,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  response.cookies.set(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: publicOrigin(request, auth).startsWith('https:'),
    path: '/',
    // Max-Age, not Expires: the browser counts from its own clock, whatever PAVED_NOW says.
    maxAge: maxAgeSeconds,
  });
}
