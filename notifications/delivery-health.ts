import { sql } from 'kysely';
import type { Db } from '../db/database';
import { DAY_MS, now } from '../lib/clock';

const SHOWN = 50;

/**
 * How messages fared over the last 7 days, for the data-quality page: deliveries by status, and
 * those failed or waiting for a retry with their error (which names the channel and environment
 * variable, never a URL).
 */
export async function getDeliveryHealth(db: Db, at: Date = now()) {
  const since = new Date(at.getTime() - 7 * DAY_MS);
  const [counts, problems] = await Promise.all([
    db
      .selectFrom('notification_deliveries')
      .select(['status', sql<number>`count(*)::int`.as('n')])
      .where('updated_at', '>=', since)
      .groupBy('status')
      .execute(),
    db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select(['d.id', 'd.channel', 'd.status', 'd.attempts', 'd.error', 'd.updated_at', 'n.kind', 'n.team'])
      .where('d.error', 'is not', null)
      .where('d.status', '!=', 'sent')
      .where('d.updated_at', '>=', since)
      .orderBy('d.updated_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(SHOWN)
      .execute(),
  ]);
  const count = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  return {
    last7Days: { sent: count('sent'), pending: count('pending'), failed: count('failed') },
    problems: problems.map((p) => ({
      id: p.id,
      kind: p.kind,
      team: p.team,
      channel: p.channel,
      status: p.status,
      attempts: p.attempts,
      error: p.error!,
      at: p.updated_at.toISOString(),
    })),
  };
}

export type DeliveryHealth = Awaited<ReturnType<typeof getDeliveryHealth>>;
