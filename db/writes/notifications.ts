import { sql } from 'kysely';
import { fromKysely } from 'pg-boss';
import type { Db } from '../database';
import { QUEUES, type PgBoss } from '../queue';
import type { NotificationKind } from '../schema';

export interface NotifyJob {
  kind: 'notify';
  deliveryId: number;
}

/**
 * Records a message and one delivery per channel, and queues their jobs, in one transaction. The
 * key is unique: a second caller with the same key (another worker on the same tick, a second
 * sync seeing the same regression) records nothing and gets null.
 */
export async function recordNotification(
  db: Db,
  boss: PgBoss,
  notification: {
    key: string;
    kind: NotificationKind;
    team: string | null;
    message: unknown;
    channels: readonly string[];
  },
  at: Date,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('notifications')
      .values({
        key: notification.key,
        kind: notification.kind,
        team: notification.team,
        message: JSON.stringify(notification.message),
        created_at: at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    if (notification.channels.length === 0) return row.id;
    const deliveries = await trx
      .insertInto('notification_deliveries')
      .values(
        notification.channels.map((channel) => ({
          notification_id: row.id,
          channel,
          status: 'pending' as const,
          updated_at: at,
        })),
      )
      .returning('id')
      .execute();
    const queueDb = fromKysely(trx);
    for (const d of deliveries) {
      await boss.send(QUEUES.notify, { kind: 'notify', deliveryId: d.id } satisfies NotifyJob, { db: queueDb });
    }
    return row.id;
  });
}

/** A delivery with its message, for the job that sends it. */
export async function getDelivery(db: Db, deliveryId: number) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select(['d.id', 'd.channel', 'd.status', 'd.attempts', 'd.error', 'n.kind', 'n.team', 'n.message', 'n.key'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/** One attempt's outcome: sent, failed for good, or an error the queue will retry. */
export async function settleDeliveryAttempt(
  db: Db,
  deliveryId: number,
  outcome: { status: 'sent' } | { status: 'failed' | 'pending'; error: string },
  at: Date,
): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      status: outcome.status,
      attempts: sql`attempts + 1`,
      error: outcome.status === 'sent' ? null : outcome.error,
      sent_at: outcome.status === 'sent' ? at : null,
      updated_at: at,
    })
    .where('id', '=', deliveryId)
    .execute();
}

/** The queue gave up on a delivery (its retries ran out): failed, keeping the last error. */
export async function giveUpDelivery(db: Db, deliveryId: number, at: Date): Promise<void> {
  await db
    .updateTable('notification_deliveries')
    .set({
      status: 'failed',
      error: sql`'gave up after ' || attempts || ' attempts: ' || coalesce(error, 'the job kept failing')`,
      updated_at: at,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .execute();
}

/** The last state each regression alert watches, by subject. */
export async function readBaselines(db: Db): Promise<Map<string, { value: string; since: Date }>> {
  const rows = await db.selectFrom('notification_baselines').selectAll().execute();
  return new Map(rows.map((r) => [r.subject, { value: r.value, since: r.since }]));
}

/** Sets baselines whose value changed (or that are new); `since` is when this value was first seen. */
export async function writeBaselines(
  db: Db,
  changed: readonly { subject: string; value: string }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < changed.length; i += 1000) {
    await db
      .insertInto('notification_baselines')
      .values(changed.slice(i, i + 1000).map((c) => ({ subject: c.subject, value: c.value, since: at })))
      .onConflict((oc) =>
        oc
          .column('subject')
          .doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), since: eb.ref('excluded.since') })),
      )
      .execute();
  }
}
