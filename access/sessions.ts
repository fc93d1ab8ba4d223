import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database';
import type { Role } from '../lib/config-schema';
import { hashSecret } from '../lib/access/credentials';
import { now } from '../lib/clock';
import { seal, unseal } from './sealed-cookie';

export const SESSION_COOKIE = 'paved_session';
const PURPOSE = 'session';

export interface SessionUser {
  subject: string;
  email: string | null;
  name: string | null;
  role: Role;
}

/**
 * Starts a session: a random id kept server-side by its hash (so signing out, or deleting the
 * row, ends it at once), sent to the browser sealed in an encrypted cookie value.
 */
export async function startSession(db: Db, user: SessionUser, hours: number): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  const createdAt = now();
  await db
    .insertInto('sessions')
    .values({
      id_hash: hashSecret(id),
      ...user,
      created_at: createdAt,
      expires_at: new Date(createdAt.getTime() + hours * 3_600_000),
    })
    .execute();
  return seal(db, PURPOSE, { sid: id }, hours * 3600);
}

/** The live session a cookie value names, or null (forged, expired, signed out). */
export async function findSession(db: Db, cookie: string): Promise<SessionUser | null> {
  const id = await sessionId(db, cookie);
  if (!id) return null;
  const row = await db
    .selectFrom('sessions')
    .select(['subject', 'email', 'name', 'role'])
    .where('id_hash', '=', hashSecret(id))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now())
    .executeTakeFirst();
  return row ?? null;
}

/** Ends the session a cookie value names; returns who it was, for the audit log. */
export async function endSession(db: Db, cookie: string): Promise<SessionUser | null> {
  const id = await sessionId(db, cookie);
  if (!id) return null;
  const row = await db
    .updateTable('sessions')
    .set({ revoked_at: now() })
    .where('id_hash', '=', hashSecret(id))
    .where('revoked_at', 'is', null)
    .returning(['subject', 'email', 'name', 'role'])
    .executeTakeFirst();
  return row ?? null;
}

async function sessionId(db: Db, cookie: string): Promise<string | null> {
  const payload = await unseal(db, PURPOSE, cookie);
  return typeof payload?.sid === 'string' ? payload.sid : null;
}

/** A cookie's value from a Cookie header (the first of that name), or null. */
export function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}
