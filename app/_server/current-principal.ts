import 'server-only';
import { headers } from 'next/headers';
import { authenticate, type Principal } from '@/access/authenticate';
import { peerAddress } from '@/lib/access/peer';
import { getServerContext } from './context';

/** Who is viewing this page (proxy.ts has already let them in), or null. */
export async function currentPrincipal(): Promise<Principal | null> {
  const requestHeaders = await headers();
  const { db, loaded } = await getServerContext();
  const auth = await authenticate(db, loaded.config, { headers: requestHeaders, peer: peerAddress(requestHeaders) });
  return auth.ok ? auth.principal : null;
}

/**
 * Who may correct an incident's attribution on this page: `session` for an admin signed in,
 * `token` where Paved runs open (an admin token is typed for the request), null for nobody.
 */
export async function correctionAccess(): Promise<'session' | 'token' | null> {
  const principal = await currentPrincipal();
  return principal?.role === 'admin' ? 'session' : principal?.via === 'open' ? 'token' : null;
}
