import type { Db } from '../db/database';
import type { Role } from '../lib/config-schema';
import { generateApiToken, hashSecret, TOKEN_PREFIX } from '../lib/access/credentials';
import { now } from '../lib/clock';
import { recordAudit } from './audit-log';
import type { ApiTokenSummary } from './responses';

export type { ApiTokenSummary } from './responses';

/** A token is written down only by its hash: the secret is returned once, here. */
export async function createApiToken(
  db: Db,
  input: { name: string; role: Role; createdBy: string },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  const token = generateApiToken();
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: input.name,
      role: input.role,
      token_hash: hashSecret(token),
      hint: token.slice(-4),
      created_by: input.createdBy,
      created_at: now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    actor: input.createdBy,
    action: 'token.create',
    detail: { id: row.id, name: input.name, role: input.role },
  });
  return { token, summary: toSummary(row) };
}

export async function listApiTokens(db: Db): Promise<ApiTokenSummary[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().orderBy('id', 'desc').execute();
  return rows.map(toSummary);
}

/** Revokes a token; false when there is no such live token. */
export async function revokeApiToken(db: Db, id: number, actor: string): Promise<boolean> {
  const revoked = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();
  if (revoked) await recordAudit(db, { actor, action: 'token.revoke', detail: { id, name: revoked.name } });
  return Boolean(revoked);
}

const LAST_USE_RESOLUTION_MS = 60_000;

/**
 * The live token a request presents, or null. The lookup is by hash of a 256-bit secret, so
 * it reveals nothing through timing; last use is written at most once a minute per token.
 */
export async function findApiToken(db: Db, token: string): Promise<{ id: number; name: string; role: Role } | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role'])
    .where('token_hash', '=', hashSecret(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const at = now();
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', row.id)
    .where((eb) =>
      eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', new Date(at.getTime() - LAST_USE_RESOLUTION_MS))]),
    )
    .execute();
  return row;
}

function toSummary(row: {
  id: number;
  name: string;
  role: Role;
  hint: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}): ApiTokenSummary {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    hint: row.hint,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
