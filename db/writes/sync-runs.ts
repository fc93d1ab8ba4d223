import os from 'node:os';
import { sql } from 'kysely';
import { fromKysely } from 'pg-boss';
import { now } from '../../lib/clock';
import type { Db } from '../database';
import { QUEUES, type PgBoss, type QueueName } from '../queue';
import type { SyncRunTable } from '../schema';

/**
 * The write path of a sync run and its parts. Every transition that decides what runs next
 * (a run requested, a part finished, the last part finished) commits in one transaction
 * with the job it sends, so a crash between them can neither lose nor repeat work.
 */

export type SyncTrigger = 'cli' | 'schedule' | 'api' | 'start' | 'webhook';

export interface PartKey {
  runId: number;
  source: string;
  scope: string;
}

export interface NewPart {
  source: string;
  scope: string;
  input: Record<string, unknown>;
}

export interface PartResult {
  rows: number;
  graphqlPoints?: number;
  restCalls?: number;
  error?: string;
}

export const processInstance = (): string => `${os.hostname()}:${process.pid}`;

export interface RequestedRun {
  runId: number;
  created: boolean;
  status: SyncRunTable['status'];
}

/** How a webhook delivery (`webhook_deliveries.job_id`) names the sync run it asked for. */
export const runJobId = (runId: number) => `run:${runId}`;

/**
 * Asks for a run. At most one run is queued or collecting at a time: a request meanwhile
 * (or the same schedule tick seen by another worker) joins that run instead of adding one.
 */
export async function requestSyncRun(
  db: Db,
  boss: PgBoss,
  request: { trigger: SyncTrigger; full?: boolean; scheduledFor?: Date },
): Promise<RequestedRun> {
  return db.transaction().execute((trx) => requestSyncRunIn(trx, boss, request));
}

/**
 * requestSyncRun in the caller's transaction, so that what names the run commits with it: a new
 * run's plan job is not visible until then, and a joined run that is queued or running is held
 * FOR SHARE until then, so it cannot start or end (and miss what named it) in between.
 */
export async function requestSyncRunIn(
  trx: Db,
  boss: PgBoss,
  request: { trigger: SyncTrigger; full?: boolean; scheduledFor?: Date },
): Promise<RequestedRun> {
  // The run a request conflicted with may end before it is read: then ask again (each statement
  // reads afresh, and the ended run no longer holds the one queued-or-running place).
  for (;;) {
    const inserted = await trx
      .insertInto('sync_runs')
      .values({
        trigger: request.trigger,
        full_sync: Boolean(request.full),
        status: 'queued',
        started_at: now(),
        scheduled_for: request.scheduledFor ?? null,
        instance: processInstance(),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await sendReplacingStale(trx, boss, QUEUES.plan, { kind: 'plan', runId: inserted.id }, {});
      return { runId: inserted.id, created: true, status: 'queued' };
    }
    const existing = await trx
      .selectFrom('sync_runs')
      .select(['id', 'status'])
      .where((eb) =>
        eb.or([
          eb('status', 'in', ['queued', 'running']),
          ...(request.scheduledFor ? [eb('scheduled_for', '=', request.scheduledFor)] : []),
        ]),
      )
      .orderBy('id', 'desc')
      .limit(1)
      .forShare()
      .executeTakeFirst();
    if (existing) return { runId: existing.id, created: false, status: existing.status };
  }
}

/**
 * Sends a job on a queue that keeps one waiting job (per singleton key). When a job of an
 * ended run still waits there (it would only find its run over and skip), it is cancelled and
 * this run's job takes its place, so no run is left without its job.
 */
async function sendReplacingStale(
  trx: Db,
  boss: PgBoss,
  queue: QueueName,
  data: { kind: string; runId: number } & Record<string, unknown>,
  options: { singletonKey?: string; group?: { id: string } },
): Promise<string> {
  const db = fromKysely(trx);
  const sent = await boss.send(queue, data, { ...options, db });
  if (sent) return sent;
  const waiting = await boss.findJobs<{ runId: number }>(queue, { key: options.singletonKey, queued: true, db });
  const stale = waiting.filter((job) => job.data.runId !== data.runId).map((job) => job.id);
  if (stale.length > 0) await boss.cancel(queue, stale, { db });
  const resent = await boss.send(queue, data, { ...options, db });
  if (!resent) throw new Error(`the queue refused the ${queue} job of run ${data.runId}`);
  return resent;
}

/**
 * Transactions that settle parts and may end a run take the run's row first: two parts
 * finishing at once then see each other, and the last one ends the run. One order
 * (run, then parts) everywhere also rules out deadlocks with `failRun`.
 */
async function lockRun(trx: Db, runId: number): Promise<void> {
  await trx.selectFrom('sync_runs').select('id').where('id', '=', runId).forUpdate().execute();
}

/** Moves a queued run to running (or finds it running, when its plan job is retried). */
export async function startRun(db: Db, runId: number, deadlineMinutes: number) {
  const run = await db
    .updateTable('sync_runs')
    .set({
      status: 'running',
      started_at: now(),
      instance: processInstance(),
      heartbeat_at: sql<Date>`now()`,
      deadline_at: sql<Date>`now() + make_interval(mins => ${deadlineMinutes})`,
    })
    .where('id', '=', runId)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  return run ?? db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
}

/** Records the parts of a run and sends one job for each part that has none yet. */
export async function addRunParts(db: Db, boss: PgBoss, runId: number, parts: readonly NewPart[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (parts.length > 0) {
      await trx
        .insertInto('sync_run_parts')
        .values(
          parts.map((p) => ({
            run_id: runId,
            source: p.source,
            scope: p.scope,
            status: 'queued' as const,
            input: JSON.stringify(p.input),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    const unsent = await trx
      .selectFrom('sync_run_parts')
      .select(['source', 'scope'])
      .where('run_id', '=', runId)
      .where('status', '=', 'queued')
      .where('job_id', 'is', null)
      .execute();
    for (const part of unsent) {
      const jobId = await sendReplacingStale(
        trx,
        boss,
        QUEUES.part,
        { kind: 'part', runId, source: part.source, scope: part.scope },
        // One waiting job per repository; the group caps one token's concurrency across workers.
        { singletonKey: `${part.source}:${part.scope}`, group: { id: part.source } },
      );
      await trx
        .updateTable('sync_run_parts')
        .set({ job_id: jobId })
        .where('run_id', '=', runId)
        .where('source', '=', part.source)
        .where('scope', '=', part.scope)
        .execute();
    }
  });
}

/** Records a part that ran inside the plan (a source's listing), already settled. */
export async function recordSettledPart(db: Db, key: PartKey, result: PartResult): Promise<void> {
  const values = {
    status: result.error ? ('failed' as const) : ('done' as const),
    rows: result.rows,
    graphql_points: result.graphqlPoints ?? 0,
    rest_calls: result.restCalls ?? 0,
    error: result.error ?? null,
    finished_at: new Date(),
    worker: processInstance(),
  };
  await db
    .insertInto('sync_run_parts')
    .values({ run_id: key.runId, source: key.source, scope: key.scope, job_id: 'plan', ...values })
    .onConflict((oc) => oc.columns(['run_id', 'source', 'scope']).doUpdateSet(values))
    .execute();
}

/** Every part is known: the run completes when the last of them settles. */
export async function markPlanned(db: Db, boss: PgBoss, runId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sync_runs')
      .set({ planned_at: sql<Date>`now()` })
      .where('id', '=', runId)
      .execute();
    await completeIfSettled(trx, boss, runId);
  });
}

/** Takes a part for this worker; null when it has already settled (a duplicate or late retry). */
export async function claimPart(db: Db, key: PartKey) {
  return db
    .updateTable('sync_run_parts')
    .set((eb) => ({
      status: 'running',
      worker: processInstance(),
      attempts: eb('attempts', '+', 1),
      started_at: sql<Date>`now()`,
      error: null,
    }))
    .where('run_id', '=', key.runId)
    .where('source', '=', key.source)
    .where('scope', '=', key.scope)
    .where('status', 'in', ['queued', 'running'])
    .returningAll()
    .executeTakeFirst();
}

/** What the part is doing now, for the progress view; doubles as the run's heartbeat. */
export async function notePartActivity(db: Db, key: PartKey, activity: { stream?: string; rows?: number }) {
  await db.transaction().execute(async (trx) => {
    // The run's row first, as everywhere a transaction touches a run and its parts.
    await trx
      .updateTable('sync_runs')
      .set({ heartbeat_at: sql<Date>`now()` })
      .where('id', '=', key.runId)
      .execute();
    await trx
      .updateTable('sync_run_parts')
      .set({
        ...(activity.stream ? { stream: activity.stream } : {}),
        ...(activity.rows ? { rows: activity.rows } : {}),
      })
      .where('run_id', '=', key.runId)
      .where('source', '=', key.source)
      .where('scope', '=', key.scope)
      .where('status', '=', 'running')
      .execute();
  });
}

/** Keeps the last error of an attempt that will be retried, so a dead letter can say why. */
export async function notePartAttemptError(db: Db, key: PartKey, message: string): Promise<void> {
  await db
    .updateTable('sync_run_parts')
    .set({ status: 'queued', error: message })
    .where('run_id', '=', key.runId)
    .where('source', '=', key.source)
    .where('scope', '=', key.scope)
    .where('status', '=', 'running')
    // Not a part another worker has taken over since.
    .where('worker', '=', processInstance())
    .execute();
}

/** Settles a part and, when it was the run's last, hands the run to derivation. */
export async function finishPart(db: Db, boss: PgBoss, key: PartKey, result: PartResult): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockRun(trx, key.runId);
    const settled = await trx
      .updateTable('sync_run_parts')
      .set({
        status: result.error ? 'failed' : 'done',
        rows: result.rows,
        graphql_points: result.graphqlPoints ?? 0,
        rest_calls: result.restCalls ?? 0,
        error: result.error ?? null,
        finished_at: sql<Date>`now()`,
        stream: null,
      })
      .where('run_id', '=', key.runId)
      .where('source', '=', key.source)
      .where('scope', '=', key.scope)
      .where('status', 'in', ['queued', 'running'])
      .returning('run_id')
      .executeTakeFirst();
    if (settled) await completeIfSettled(trx, boss, key.runId);
  });
}

async function completeIfSettled(trx: Db, boss: PgBoss, runId: number): Promise<void> {
  const done = await trx
    .updateTable('sync_runs')
    .set({ status: 'deriving', heartbeat_at: sql<Date>`now()` })
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .where('planned_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sync_run_parts')
            .select('run_id')
            .where('run_id', '=', runId)
            .where('status', 'in', ['queued', 'running']),
        ),
      ),
    )
    .returning('id')
    .executeTakeFirst();
  // A derivation already queued picks this run up too (the queue keeps one queued at most).
  if (done) await boss.send(QUEUES.derive, { kind: 'derive' }, { db: fromKysely(trx) });
}

/** The runs a derivation starting now covers. */
export async function runsAwaitingDerivation(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('sync_runs').select('id').where('status', '=', 'deriving').execute();
  return rows.map((r) => r.id);
}

/** Ends runs after their derivation: status, counts and API cost from their parts. */
export async function finishDerivedRuns(db: Db, runIds: readonly number[], derivationError: string | null) {
  if (runIds.length === 0) return;
  const parts = await db.selectFrom('sync_run_parts').selectAll().where('run_id', 'in', runIds).execute();
  const runs = await db.selectFrom('sync_runs').select(['id', 'error']).where('id', 'in', runIds).execute();
  for (const run of runs) {
    const mine = parts.filter((p) => p.run_id === run.id).sort((a, b) => a.scope.localeCompare(b.scope));
    const counts: Record<string, Record<string, PartResult>> = {};
    const cost: Record<string, { graphqlPoints: number; restCalls: number }> = {};
    const errors: string[] = run.error ? [run.error] : [];
    for (const part of mine) {
      (counts[part.source] ??= {})[part.scope] = {
        rows: part.rows,
        ...(part.graphql_points ? { graphqlPoints: part.graphql_points } : {}),
        ...(part.rest_calls ? { restCalls: part.rest_calls } : {}),
        ...(part.error ? { error: part.error } : {}),
      };
      const c = (cost[part.source] ??= { graphqlPoints: 0, restCalls: 0 });
      c.graphqlPoints += part.graphql_points;
      c.restCalls += part.rest_calls;
      if (part.error) errors.push(`${part.source} ${part.scope}: ${part.error}`);
    }
    if (derivationError) errors.push(`derivation: ${derivationError}`);
    await db
      .updateTable('sync_runs')
      .set({
        status: errors.length > 0 ? 'failed' : 'succeeded',
        finished_at: now(),
        counts: JSON.stringify(counts),
        api_cost: JSON.stringify(cost),
        error: errors.join('\n') || null,
      })
      .where('id', '=', run.id)
      .where('status', '=', 'deriving')
      .execute();
  }
}

/**
 * Fails a run that cannot finish (deadline passed, planning gave up, the last worker stopped):
 * its unsettled parts are failed and their jobs cancelled, and the webhook deliveries waiting
 * for it say why. Cursors keep what was collected.
 */
export async function failRun(db: Db, boss: PgBoss | null, runId: number, reason: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .updateTable('sync_runs')
      .set({ status: 'failed', finished_at: now(), error: reason })
      .where('id', '=', runId)
      .where('status', 'in', ['queued', 'running', 'deriving'])
      .returning('id')
      .executeTakeFirst();
    if (!run) return false;
    // The deliveries that asked for it (and were not yet re-read) end with it, saying why.
    await trx
      .updateTable('webhook_deliveries')
      .set({ refreshed_at: sql<Date>`now()`, error: reason })
      .where('job_id', '=', runJobId(runId))
      .where('refreshed_at', 'is', null)
      .execute();
    const open = await trx
      .updateTable('sync_run_parts')
      .set({ status: 'failed', error: reason, finished_at: sql<Date>`now()` })
      .where('run_id', '=', runId)
      .where('status', 'in', ['queued', 'running'])
      .returning('job_id')
      .execute();
    if (boss) {
      // Its jobs go with it, in the same transaction: a waiting plan job too, so it blocks no later run.
      const queueDb = fromKysely(trx);
      const parts = open.map((p) => p.job_id).filter((id): id is string => Boolean(id) && id !== 'plan');
      if (parts.length > 0) await boss.cancel(QUEUES.part, parts, { db: queueDb });
      const plans = await boss.findJobs(QUEUES.plan, { data: { runId }, queued: true, db: queueDb });
      if (plans.length > 0)
        await boss.cancel(
          QUEUES.plan,
          plans.map((j) => j.id),
          { db: queueDb },
        );
    }
    return true;
  });
}

/** A worker working on these runs (and, while it derives, on every deriving run) says so: the runs' heartbeat. */
export async function beatRuns(db: Db, runIds: readonly number[], deriving = false): Promise<void> {
  if (runIds.length === 0 && !deriving) return;
  await db
    .updateTable('sync_runs')
    .set({ heartbeat_at: sql<Date>`now()` })
    .where((eb) =>
      eb.or([
        eb.and([eb('id', 'in', [...runIds, -1]), eb('status', '=', 'running')]),
        ...(deriving ? [eb('status', '=', 'deriving')] : []),
      ]),
    )
    .execute();
}

/**
 * Runs that cannot end on their own, by the database's clock (a pinned business clock must not
 * stall this): past their deadline, or silent (no worker has beaten their heartbeat for
 * `silentSeconds`: their workers died and none took their jobs over).
 */
export async function stuckRuns(db: Db, silentSeconds: number): Promise<{ id: number; overdue: boolean }[]> {
  return db
    .selectFrom('sync_runs')
    .select(['id', sql<boolean>`deadline_at < now()`.as('overdue')])
    .where('status', 'in', ['running', 'deriving'])
    .where((eb) =>
      eb.or([
        eb('deadline_at', '<', sql<Date>`now()`),
        eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${silentSeconds})`),
      ]),
    )
    .execute();
}

export async function activeRunIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('status', 'in', ['queued', 'running', 'deriving'])
    .execute();
  return rows.map((r) => r.id);
}

/** How ended runs went, per source they collected: what the worker counts in /metrics. */
export async function endedRunOutcomes(
  db: Db,
  runIds: readonly number[],
): Promise<{ id: number; status: string; seconds: number; sources: Record<string, 'succeeded' | 'failed'> }[]> {
  if (runIds.length === 0) return [];
  const runs = await db
    .selectFrom('sync_runs')
    .select(['id', 'status', 'started_at', 'finished_at'])
    .where('id', 'in', runIds)
    .where('finished_at', 'is not', null)
    .execute();
  const parts = await db
    .selectFrom('sync_run_parts')
    .select(['run_id', 'source', sql<boolean>`bool_or(status = 'failed')`.as('failed')])
    .where('run_id', 'in', runIds)
    .groupBy(['run_id', 'source'])
    .execute();
  return runs.map((run) => ({
    id: run.id,
    status: run.status,
    seconds: (run.finished_at!.getTime() - run.started_at.getTime()) / 1000,
    sources: Object.fromEntries(
      parts.filter((p) => p.run_id === run.id).map((p) => [p.source, p.failed ? 'failed' : 'succeeded'] as const),
    ),
  }));
}
