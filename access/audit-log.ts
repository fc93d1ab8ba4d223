import type { Db } from '../db/database';
import { now } from '../lib/clock';

/** What the audit log records; one word per kind of event, so the admin page can filter on it. */
export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-in.refused',
  'sign-out',
  'token.create',
  'token.revoke',
  'sync.request',
  'config.reload',
  'incident.override',
  'incident.override.remove',
  'notification.test',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

/** Appends one event; `actor` names who did it (an email, `token:ci`, `cli:alice`). */
export async function recordAudit(
  db: Db,
  event: { actor: string; action: AuditAction; detail?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ at: now(), actor: event.actor, action: event.action, detail: JSON.stringify(event.detail ?? {}) })
    .execute();
}

/** The newest events first, `limit` at a time; `beforeId` pages further back. */
export async function listAudit(db: Db, options: { limit: number; beforeId?: number }): Promise<AuditEntry[]> {
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor', 'action', 'detail'])
    .orderBy('id', 'desc')
    .limit(options.limit);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  const rows = await query.execute();
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}
