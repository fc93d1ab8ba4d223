import * as client from 'openid-client';
import type { Db } from '../db/database';
import type { AuthConfig } from '../lib/config-schema';
import type { Identity } from '../lib/access/roles';
import { seal, unseal } from './sealed-cookie';

type OidcConfig = NonNullable<AuthConfig['oidc']>;

/** The short-lived cookie that carries the PKCE verifier, state and nonce across the provider's redirect. */
export const FLOW_COOKIE = 'paved_oidc';
const FLOW_PURPOSE = 'oidc-flow';
const FLOW_SECONDS = 600;

/** The provider's discovered configuration, fetched once per process and issuer. */
function providerConfig(oidc: OidcConfig): Promise<client.Configuration> {
  const shared = globalThis as typeof globalThis & { __pavedOidc?: Map<string, Promise<client.Configuration>> };
  const cache = (shared.__pavedOidc ??= new Map());
  const key = `${oidc.issuer}|${oidc.clientId}|${oidc.clientSecret ? 'secret' : 'public'}`;
  let found = cache.get(key);
  if (!found) {
    const issuer = new URL(oidc.issuer);
    found = client
      .discovery(
        issuer,
        oidc.clientId,
        undefined,
        oidc.clientSecret ? client.ClientSecretPost(oidc.clientSecret) : client.None(),
        // Plain http only for a provider on this machine (tests, a local Dex); never across a network.
        isLocalHttp(issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        cache.delete(key);
        throw error;
      });
    cache.set(key, found);
  }
  return found;
}

function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

/**
 * Where to send the browser to sign in (authorization code + PKCE), and the sealed cookie that
 * remembers the flow's secrets and where to return to afterwards.
 */
export async function beginSignIn(
  db: Db,
  oidc: OidcConfig,
  redirectUri: string,
  returnTo: string,
): Promise<{ location: URL; flowCookie: string; maxAgeSeconds: number }> {
  const config = await providerConfig(oidc);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const location = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: oidc.scopes.join(' '),
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const flowCookie = await seal(db, FLOW_PURPOSE, { verifier, state, nonce, returnTo, redirectUri }, FLOW_SECONDS);
  return { location, flowCookie, maxAgeSeconds: FLOW_SECONDS };
}

/**
 * Completes the sign-in at the callback: exchanges the code (checking state, nonce and the
 * PKCE verifier), and reads who signed in from the ID token, or from userinfo when the token
 * leaves the email or groups out.
 */
export async function completeSignIn(
  db: Db,
  oidc: OidcConfig,
  callbackUrl: URL,
  flowCookie: string | null,
): Promise<{ subject: string; name: string | null; identity: Identity; returnTo: string }> {
  const flow = flowCookie ? await unseal(db, FLOW_PURPOSE, flowCookie) : null;
  if (!flow) throw new SignInError('the sign-in took too long or was started elsewhere; start again');
  const config = await providerConfig(oidc);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: String(flow.verifier),
    expectedState: String(flow.state),
    expectedNonce: String(flow.nonce),
    idTokenExpected: true,
  });
  let claims: Record<string, unknown> = { ...tokens.claims() };
  if (!(oidc.emailClaim in claims) || !(oidc.groupsClaim in claims)) {
    const info = await client.fetchUserInfo(config, tokens.access_token, String(claims.sub));
    claims = { ...info, ...claims };
  }
  const email =
    typeof claims[oidc.emailClaim] === 'string' && claims.email_verified !== false ? claims[oidc.emailClaim] : null;
  const groupsClaim = claims[oidc.groupsClaim];
  const groups = Array.isArray(groupsClaim) ? groupsClaim.filter((g): g is string => typeof g === 'string') : [];
  return {
    subject: String(claims.sub),
    name: typeof claims.name === 'string' ? claims.name : null,
    identity: { email: email as string | null, groups },
    returnTo: String(flow.returnTo),
  };
}

export class SignInError extends Error {}

/** Only a path on this site: `/x?y`, never `//host` or `https://…` (no open redirect). */
export function safeReturnPath(value: string | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value.length > 2048 ? '/' : value;
}
