import { EncryptJWT, jwtDecrypt } from 'jose';
import type { Db } from '../db/database';
import { hashSecret } from '../lib/access/credentials';
import { now } from '../lib/clock';

const SETTING_KEY = 'access.cookie_key';

/**
 * The key that encrypts Paved's cookies: from PAVED_SESSION_SECRET when set (every web server
 * of a deployment then agrees without the database), else generated once and kept in the
 * `settings` table, so zero setup still gives a stable key shared by every web server.
 */
async function cookieKey(db: Db): Promise<Uint8Array> {
  const fromEnv = process.env.PAVED_SESSION_SECRET;
  if (fromEnv) return Buffer.from(hashSecret(fromEnv), 'hex');
  const shared = globalThis as typeof globalThis & { __pavedCookieKey?: Promise<Uint8Array> };
  shared.__pavedCookieKey ??= (async () => {
    const fresh = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    await db
      .insertInto('settings')
      .values({ key: SETTING_KEY, value: JSON.stringify(fresh), updated_at: new Date() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETTING_KEY)
      .executeTakeFirstOrThrow();
    return Buffer.from(hashSecret(row.value as string), 'hex');
  })().catch((error: unknown) => {
    shared.__pavedCookieKey = undefined;
    throw error;
  });
  return shared.__pavedCookieKey;
}

/** Encrypts and authenticates a small payload (A256GCM) that expires after `seconds`. */
export async function seal(db: Db, purpose: string, payload: Record<string, string>, seconds: number): Promise<string> {
  const issuedAt = Math.floor(now().getTime() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setAudience(purpose)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.ceil(seconds))
    .encrypt(await cookieKey(db));
}

/** The payload of a sealed value for `purpose`, or null when it is forged, altered, expired or for another purpose. */
export async function unseal(db: Db, purpose: string, value: string): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtDecrypt(value, await cookieKey(db), { audience: purpose, currentDate: now() });
    return payload;
  } catch {
    return null;
  }
}
