import type { KeyObject } from 'node:crypto';
import { errors, jwtVerify } from 'jose';

/** GitHub refuses App JWTs that live longer than this. */
const MAX_LIFETIME_S = 600;
/** Clock drift GitHub tolerates on `iat` (auth-app backdates it by 30 s). */
const SKEW_S = 60;

/**
 * Checks an App JWT as GitHub does: RS256 signed by the App's key, `iss` the App id, not
 * expired, issued no later than now, and valid for at most ten minutes.
 */
export async function verifyAppJwt(
  authorization: string | undefined,
  appId: number,
  publicKey: KeyObject,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const jwt = /^bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (!jwt) return { ok: false, message: 'A JSON web token could not be decoded' };
  try {
    const { payload } = await jwtVerify(jwt, publicKey, { algorithms: ['RS256'] });
    const nowS = Math.floor(Date.now() / 1000);
    if (String(payload.iss) !== String(appId))
      return { ok: false, message: "'Issuer' claim ('iss') must be the App's id" };
    if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number')
      return { ok: false, message: "'Issued at' ('iat') and 'Expiration time' ('exp') claims are required" };
    if (payload.iat > nowS + SKEW_S)
      return { ok: false, message: "'Issued at' claim ('iat') must be an Integer representing a time in the past" };
    if (payload.exp - payload.iat > MAX_LIFETIME_S)
      return { ok: false, message: "'Expiration time' claim ('exp') is too far in the future" };
    return { ok: true };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return {
        ok: false,
        message:
          "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
      };
    return { ok: false, message: `A JSON web token could not be decoded (${(error as Error).message})` };
  }
}
