import { sql, type RawBuilder } from 'kysely';
import type { DeliveryPlan } from '../../lib/webhooks/plan';
import type { Db } from '../database';
import { QUEUES, type PgBoss } from '../queue';
import type { WebhookOutcome, WebhookRefusal, WebhookSource } from '../schema';
import { requestSyncRunIn, runJobId } from './sync-runs';
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
 * Re-reads share the sync parts' queue, so pg-boss's group concurrency caps both together
 * (`github.concurrency` requests in flight per token, whatever mix of parts and re-reads); their
 * own key prefix keeps a re-read and a part of the same repository apart, and their priority
 * takes them ahead of a long sync's waiting parts.
 */
const REFRESH_QUEUE = QUEUES.part;
const refreshSingletonKey = (job: RefreshJob) => `refresh:${refreshKey(job.source, job.target)}`;
const REFRESH_PRIORITY = 1;
const REFRESH_EXPIRE_SECONDS = 3600;

interface RecordedRow {
  id: number | null;
  outcome: WebhookOutcome | null;
  job_id: string | null;
  fresh: boolean;
}

/**
 * The re-read a delivery joins or causes, as CTEs of one statement: the job of its key waiting to
 * start (not one waiting for a retry, whose backoff may be minutes: a new job runs beside it),
 * locked FOR SHARE until the statement commits, so no worker takes it (pg-boss claims with SKIP
 * LOCKED) before the delivery row that names it is visible and the re-read's end marks it; else a
 * new job, starting after the debounce window. The insert is pg-boss's own (its columns and the
 * queue's defaults, as `send` writes them), written here so that the inbox row, the dedupe and the
 * job are one round trip (`tests/webhooks` run the jobs through real workers). Both are empty when
 * a job of the key appeared after the statement's snapshot (rare): the caller asks again.
 */
function refreshJobCtes(job: RefreshJob, debounceSeconds: number, when: RawBuilder<boolean>) {
  const key = refreshSingletonKey(job);
  return sql`
    waiting as (
      select j.id from pgboss.job j
      where j.name = ${REFRESH_QUEUE} and j.singleton_key = ${key} and j.state = 'created' and ${when}
      order by j.created_on, j.id limit 1
      for share
    ),
    sent as (
      insert into pgboss.job (name, data, priority, start_after, created_on, singleton_key, group_id,
        expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff,
        retry_delay_max, policy, dead_letter, heartbeat_seconds)
      select q.name, ${JSON.stringify(job)}::jsonb, ${REFRESH_PRIORITY}::int,
        pgboss.job_now() + make_interval(secs => ${debounceSeconds}::float8), pgboss.job_now(), ${key}::text, ${job.source}::text,
        ${REFRESH_EXPIRE_SECONDS}::int, q.deletion_seconds,
        pgboss.job_now() + make_interval(secs => ${debounceSeconds}::float8) + q.retention_seconds * interval '1 second',
        q.retry_limit, q.retry_delay, q.retry_backoff, q.retry_delay_max, q.policy, q.dead_letter, q.heartbeat_seconds
      from pgboss.queue q
      where q.name = ${REFRESH_QUEUE} and ${when} and not exists (select 1 from waiting)
      on conflict do nothing
      returning id
    )`;
}

const JOB_OUTCOME = sql<WebhookOutcome>`case when exists (select 1 from sent) then 'queued' else 'coalesced' end`;
const JOB_ID = sql<string | null>`coalesce((select id::text from sent), (select id::text from waiting))`;

/**
 * Records a delivery and sends what it asks for. A target with a re-read already waiting (within
 * the debounce window) joins it (`coalesced`); a delivery seen before changes nothing
 * (`duplicate`, counted). One statement does it all: the dedupe, the inbox row, the re-read's job
 * and the duplicate's count commit together (with the run it asks for, for an installation change),
 * so a delivery is never acknowledged without its job, nor a job sent twice for one delivery (the
 * delivery id is unique per source).
 */
export async function recordDelivery(
  db: Db,
  boss: PgBoss,
  delivery: VerifiedDelivery,
  options: { debounceSeconds: number },
): Promise<RecordedDelivery> {
  const { plan, source } = delivery;
  const isFresh = sql<boolean>`(select ok from fresh)`;
  const job: RefreshJob | null = plan.kind === 'refresh' ? { kind: 'refresh', source, target: plan.target } : null;
  const outcome = job ? JOB_OUTCOME : sql<WebhookOutcome>`${plan.kind === 'ignore' ? 'ignored' : 'queued'}`;
  const statement = sql<RecordedRow>`
    with fresh as (
      select not exists (
        select 1 from webhook_deliveries where source = ${source} and delivery_id = ${delivery.deliveryId}
      ) as ok
    ),
    ${job ? sql`${refreshJobCtes(job, options.debounceSeconds, isFresh)},` : sql``}
    delivery as (
      insert into webhook_deliveries (source, delivery_id, event, action, target, body_sha256, outcome, reason, job_id)
      select ${source}, ${delivery.deliveryId}, ${delivery.event}, ${delivery.action},
        ${job?.target ?? null}, ${delivery.bodySha256}, ${outcome}, ${plan.kind === 'refresh' ? null : plan.reason},
        ${job ? JOB_ID : null}
      where ${isFresh}
      on conflict (source, delivery_id) do nothing
      returning id, outcome, job_id
    ),
    repeated as (
      insert into webhook_counts (source, outcome, hour, count)
      select ${source}, 'duplicate', date_trunc('hour', now()), 1 where not ${isFresh}
      on conflict (source, outcome, hour) do update set count = webhook_counts.count + 1
      returning 1
    )
    select (select id from delivery) as id, (select outcome from delivery) as outcome,
      (select job_id from delivery) as job_id, ${isFresh} as fresh, (select count(*) from repeated) as counted
  `;
  const { row, run } =
    plan.kind === 'sync'
      ? await db.transaction().execute((trx) => recordWithSyncRun(trx, boss, statement))
      : { row: (await statement.execute(db)).rows[0]!, run: null };
  if (row.id === null) {
    // Counted in the statement, unless a twin delivery committed between its snapshot and its insert.
    if (row.fresh) await countRefusal(db, source, 'duplicate');
    else metrics().webhookDeliveries.inc({ source, outcome: 'duplicate' });
    return { outcome: 'duplicate', jobId: null, deliveryRowId: null };
  }
  const id = Number(row.id);
  if (job && row.job_id === null) {
    const joined = await joinRefresh(db, id, job, options.debounceSeconds);
    return { ...joined, deliveryRowId: id };
  }
  if (run) return { ...run, deliveryRowId: id };
  return { outcome: row.outcome!, jobId: row.job_id, deliveryRowId: id };
}

/**
 * An installation changed the set of repositories: the delivery asks for a full sync run (or joins
 * the one under way) in the transaction that records it, so it is never kept without its run, no
 * run is asked for by a duplicate, and the run cannot start or end before the delivery names it.
 */
async function recordWithSyncRun(
  trx: Db,
  boss: PgBoss,
  statement: RawBuilder<RecordedRow>,
): Promise<{ row: RecordedRow; run: { outcome: WebhookOutcome; jobId: string } | null }> {
  const row = (await statement.execute(trx)).rows[0]!;
  if (row.id === null) return { row, run: null };
  const requested = await requestSyncRunIn(trx, boss, { trigger: 'webhook' });
  const run = {
    outcome: requested.created ? ('queued' as const) : ('coalesced' as const),
    jobId: runJobId(requested.runId),
  };
  await trx
    .updateTable('webhook_deliveries')
    .set({ outcome: run.outcome, job_id: run.jobId })
    .where('id', '=', Number(row.id))
    .execute();
  return { row, run };
}

/**
 * A delivery whose statement found the key's job neither waiting nor free (another delivery's job
 * committed in between): its row takes the job now visible, or a new one.
 */
async function joinRefresh(
  db: Db,
  id: number,
  job: RefreshJob,
  debounceSeconds: number,
): Promise<{ outcome: WebhookOutcome; jobId: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { rows } = await sql<{ outcome: WebhookOutcome; job_id: string }>`
      with ${refreshJobCtes(job, debounceSeconds, sql<boolean>`true`)}
      update webhook_deliveries set outcome = ${JOB_OUTCOME}, job_id = ${JOB_ID}
      where id = ${id} and ${JOB_ID} is not null
      returning outcome, job_id
    `.execute(db);
    if (rows[0]) return { outcome: rows[0].outcome, jobId: rows[0].job_id };
  }
  throw new Error(`the queue neither took nor showed a re-read of ${refreshSingletonKey(job)}`);
}

/**
 * Runs whose collection is over and whose derivation starts now: the deliveries that asked for
 * them are re-read (the derivation that follows records their figures, `markFiguresCurrent`).
 */
export async function markRunsRefreshed(db: Db, runIds: readonly number[]): Promise<void> {
  if (runIds.length === 0) return;
  await db
    .updateTable('webhook_deliveries')
    .set({ refreshed_at: sql<Date>`now()` })
    .where('job_id', 'in', runIds.map(runJobId))
    .where('refreshed_at', 'is', null)
    .execute();
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
