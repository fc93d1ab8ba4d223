import { sql } from 'kysely';
import { fromKysely } from 'pg-boss';
import type { DeliveryPlan } from '../../lib/webhooks/plan';
import type { Db } from '../database';
import { QUEUES, type PgBoss } from '../queue';
import type { WebhookOutcome, WebhookRefusal, WebhookSource } from '../schema';
import { requestSyncRun } from './sync-runs';
import { metrics } from '../../lib/telemetry/metrics';

/**
 * The webhook inbox. A verified delivery is recorded and its targeted job sent in one
 * transaction, so a delivery is never acknowledged without its job, nor a job sent twice for
 * one delivery (the delivery id is unique per source).
 */

export interface VerifiedDelivery {
  source: WebhookSource;
  deliveryId: string;
  event: string;
  action: string | null;
  bodySha256: string;
  plan: DeliveryPlan;
}

/** The data of a `paved-refresh` job: what to re-read. */
export interface RefreshJob {
  kind: 'refresh';
  source: WebhookSource;
  target: string;
}

export type RecordedDelivery =
  | { outcome: WebhookOutcome; jobId: string | null; deliveryRowId: number }
  | { outcome: 'duplicate'; jobId: null; deliveryRowId: null };

/** One waiting re-read per target: GitHub names ignore case, so the key does too. */
export const refreshKey = (source: WebhookSource, target: string): string =>
  `${source}:${source === 'github' ? target.toLowerCase() : target}`;

/**
 * Records a delivery and sends what it asks for. A target with a re-read already waiting (within
 * the debounce window) joins it (`coalesced`); a delivery seen before changes nothing (`duplicate`).
 */
export async function recordDelivery(
  db: Db,
  boss: PgBoss,
  delivery: VerifiedDelivery,
  options: { debounceSeconds: number },
): Promise<RecordedDelivery> {
  const { plan } = delivery;
  const recorded = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('webhook_deliveries')
      .values({
        source: delivery.source,
        delivery_id: delivery.deliveryId,
        event: delivery.event,
        action: delivery.action,
        target: plan.kind === 'refresh' ? plan.target : null,
        body_sha256: delivery.bodySha256,
        outcome: plan.kind === 'ignore' ? 'ignored' : 'queued',
        reason: plan.kind === 'refresh' ? null : plan.reason,
      })
      .onConflict((oc) => oc.columns(['source', 'delivery_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) return null;
    if (plan.kind !== 'refresh')
      return { outcome: plan.kind === 'ignore' ? 'ignored' : 'queued', jobId: null, id: row.id };
    const job = await sendRefresh(
      trx,
      boss,
      { kind: 'refresh', source: delivery.source, target: plan.target },
      options,
    );
    await trx
      .updateTable('webhook_deliveries')
      .set({ outcome: job.outcome, job_id: job.jobId })
      .where('id', '=', row.id)
      .execute();
    return { ...job, id: row.id };
  });
  if (!recorded) {
    await countRefusal(db, delivery.source, 'duplicate');
    return { outcome: 'duplicate', jobId: null, deliveryRowId: null };
  }
  if (plan.kind === 'sync') {
    // A run of its own transaction (it may join the run under way); the poll repairs a crash in between.
    const run = await requestSyncRun(db, boss, { trigger: 'webhook' });
    const outcome: WebhookOutcome = run.created ? 'queued' : 'coalesced';
    await db
      .updateTable('webhook_deliveries')
      .set({ outcome, job_id: `run:${run.runId}` })
      .where('id', '=', recorded.id)
      .execute();
    return { outcome, jobId: `run:${run.runId}`, deliveryRowId: recorded.id };
  }
  return { outcome: recorded.outcome as WebhookOutcome, jobId: recorded.jobId, deliveryRowId: recorded.id };
}

/**
 * Sends a re-read that starts after the debounce window, or finds the one already waiting for
 * the target. The queue keeps one waiting job per key; when the waiting job starts between the
 * refused send and the look-up, the next send succeeds.
 */
async function sendRefresh(
  trx: Db,
  boss: PgBoss,
  job: RefreshJob,
  options: { debounceSeconds: number },
): Promise<{ outcome: WebhookOutcome; jobId: string }> {
  const db = fromKysely(trx);
  const key = refreshKey(job.source, job.target);
  for (let attempt = 0; attempt < 5; attempt++) {
    const sent = await boss.send(QUEUES.refresh, job, {
      singletonKey: key,
      startAfter: options.debounceSeconds,
      group: { id: job.source },
      db,
    });
    if (sent) return { outcome: 'queued', jobId: sent };
    const [waiting] = await boss.findJobs(QUEUES.refresh, { key, queued: true, limit: 1, db });
    if (waiting) return { outcome: 'coalesced', jobId: waiting.id };
  }
  throw new Error(`the queue neither took nor showed a re-read of ${key}`);
}

/** Counts a request that never reached the inbox, in the hour it arrived. */
export async function countRefusal(db: Db, source: WebhookSource, outcome: WebhookRefusal): Promise<void> {
  metrics().webhookDeliveries.inc({ source, outcome });
  await db
    .insertInto('webhook_counts')
    .values({ source, outcome, hour: sql<Date>`date_trunc('hour', now())`, count: 1 })
    .onConflict((oc) =>
      oc.columns(['source', 'outcome', 'hour']).doUpdateSet({ count: sql<number>`webhook_counts.count + 1` }),
    )
    .execute();
}

/** The re-read `jobId` has ended (with `error` when it failed): the deliveries it covered say so. */
export async function markRefreshed(db: Db, jobId: string, error: string | null): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ refreshed_at: sql<Date>`now()`, error })
    .where('job_id', '=', jobId)
    .where('refreshed_at', 'is', null)
    .execute();
}

/** A re-read whose retries ran out (its job id is gone with it): the deliveries still waiting for that target say why. */
export async function markTargetGivenUp(db: Db, job: RefreshJob, error: string): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ refreshed_at: sql<Date>`now()`, error })
    .where('source', '=', job.source)
    .where('target', '=', job.target)
    .where('job_id', 'is not', null)
    .where('refreshed_at', 'is', null)
    .execute();
}

/** The database's clock when a derivation starts; only re-reads done before it are in its figures. */
export async function databaseNow(db: Db): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  return rows[0]!.now;
}

/** A derivation that started at `startedAt` succeeded: deliveries re-read before then are in the figures. */
export async function markFiguresCurrent(db: Db, startedAt: Date): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ figures_at: sql<Date>`now()` })
    .where('refreshed_at', '<=', startedAt)
    .where('figures_at', 'is', null)
    .where('error', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Keeps the inbox and the counts to `days` (the health view reads one day). */
export async function pruneWebhookInbox(db: Db, days = 30): Promise<void> {
  const cutoff = sql<Date>`now() - make_interval(days => ${days})`;
  await db.deleteFrom('webhook_deliveries').where('received_at', '<', cutoff).execute();
  await db.deleteFrom('webhook_counts').where('hour', '<', cutoff).execute();
}
