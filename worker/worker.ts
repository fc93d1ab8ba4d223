import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { ScheduledTask } from 'node-cron';
import { DEFAULT_SOURCES, type CollectionEnv } from '../collectors/jobs/job-env';
import { planRun } from '../collectors/jobs/plan-run';
import { refreshTarget } from '../collectors/jobs/refresh-target';
import { runPart } from '../collectors/jobs/run-part';
import type { Source } from '../collectors/source';
import type { Db } from '../db/database';
import { openQueue, QUEUES, queueTiming, type PgBoss, type QueueName } from '../db/queue';
import type { Job } from 'pg-boss';
import {
  activeRunIds,
  failRun,
  endedRunOutcomes,
  finishDerivedRuns,
  finishPart,
  runsAwaitingDerivation,
  stuckRuns,
  beatRuns,
  type PartKey,
} from '../db/writes/sync-runs';
import {
  databaseNow,
  markFiguresCurrent,
  markRunsRefreshed,
  markTargetGivenUp,
  pruneWebhookInbox,
  type RefreshJob,
} from '../db/writes/webhook-deliveries';
import type { LoadedConfig } from '../lib/config';
import { logger as rootLogger, type Logger } from '../lib/logger';
import { auditConfigInUse } from '../scorecards/config-in-use';
import { deriveAll } from '../scorecards/derive-all';
import { scorecardFactPaths } from '../scorecards/referenced-paths';
import { withDerivationLock } from '../db/derivation-lock';
import { startSyncSchedule } from './sync-schedule';
import { startDigestSchedule } from './digest-schedule';
import { giveUpDelivery, type NotifyJob } from '../db/writes/notifications';
import { queueRegressionAlerts, sendDelivery } from '../notifications/notify';
import { loadScorecards } from '../scorecards/load-scorecards';
import { now } from '../lib/clock';
import { stoppableFetch } from './stoppable-fetch';
import { metrics } from '../lib/telemetry/metrics';

export interface WorkerOptions {
  db: Db;
  /** The database URL pg-boss connects to (its own small pool). */
  url: string;
  loadConfig: () => LoadedConfig;
  sources?: readonly Source[];
  fetch?: typeof fetch;
  derive?: (db: Db, loaded: LoadedConfig) => Promise<void>;
  factPaths?: (loaded: LoadedConfig) => readonly string[];
  log?: Logger;
  /** Start runs on `schedule.sync` (the CLI's in-process worker does not). */
  schedule?: boolean;
  /** Overrides `schedule.sync` (tests tick every second). */
  scheduleExpression?: string;
  /** Overrides `notifications.digestSchedule` (tests tick every second). */
  digestScheduleExpression?: string;
  onReport?: CollectionEnv['onReport'];
  env?: Record<string, string | undefined>;
}

export interface Worker {
  boss: PgBoss;
  /**
   * Stops taking work, lets the current request and page finish (≤ `graceMs`), then stops. When
   * no other worker is alive, the runs still open are failed as interrupted (only `runs`, if given:
   * a CLI's worker leaves runs it did not start to the workers that will come).
   */
  stop(options?: { graceMs?: number; runs?: readonly number[] }): Promise<void>;
}

type CollectionJob = ({ kind: 'part' } & PartKey) | RefreshJob;
type DeadJob =
  { kind: 'plan'; runId: number } | ({ kind: 'part' } & PartKey) | { kind: 'derive' } | RefreshJob | NotifyJob;

/**
 * A worker: takes sync and derivation jobs from the queue, fails runs past their deadline,
 * and (unless told not to) starts runs on the schedule. Several workers may share one
 * database; each takes one collection job at a time, so the GitHub token sees at most one
 * request in flight per worker.
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const log = options.log ?? rootLogger.child('worker');
  const { db } = options;
  const derive = options.derive ?? deriveAll;
  const instanceName = `paved-worker ${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const boss = await openQueue(options.url, { role: 'worker', instanceName, env: options.env });
  const stopping = new AbortController();
  const fetchImpl = stoppableFetch(options.fetch ?? fetch, stopping.signal);
  const env: CollectionEnv = {
    db,
    boss,
    loadConfig: options.loadConfig,
    sources: options.sources ?? DEFAULT_SOURCES,
    fetch: fetchImpl.fetch,
    factPaths: options.factPaths ?? scorecardFactPaths,
    log,
    signal: stopping.signal,
    onReport: options.onReport,
  };
  // NOTIFY wakes an idle worker. PostgreSQL folds the notifications of one transaction into one, so
  // a plan that queues 300 parts wakes a worker once: after each job the worker looks again at once
  // (`notifyWorker`), and waits for the next NOTIFY or poll only when it found nothing.
  const polling = { pollingIntervalSeconds: 2, notifyPollingIntervalSeconds: 10 };
  const workerIds = new Map<string, string>();
  const { superviseIntervalSeconds, heartbeatSeconds, silentRunSeconds } = queueTiming(options.env);
  // The runs this worker is working on, whose heartbeat it keeps (the sweep fails runs nobody beats for).
  const working = new Map<number, number>();
  let deriving = false;
  const beat = setInterval(
    () => void beatRuns(db, [...working.keys()], deriving).catch(() => undefined),
    (heartbeatSeconds * 1000) / 2,
  );
  beat.unref();
  const work = async <T extends object>(
    queue: QueueName,
    handler: (job: Job<T>) => Promise<void>,
    extra: { groupConcurrency?: number } = {},
  ) => {
    const id = await boss.work<T>(queue, { ...polling, ...extra }, async ([job]) => {
      const runId = (job!.data as { runId?: number }).runId;
      if (runId) working.set(runId, (working.get(runId) ?? 0) + 1);
      try {
        // Each job reads the config afresh: the first to see a changed one audits it.
        await auditConfigInUse(db, options.loadConfig);
        await handler(job!);
      } catch (error) {
        metrics().jobFailures.inc({ queue });
        throw error;
      } finally {
        if (runId) {
          const left = (working.get(runId) ?? 1) - 1;
          if (left > 0) working.set(runId, left);
          else working.delete(runId);
        }
        const self = workerIds.get(queue);
        if (self) boss.notifyWorker(self);
      }
    });
    workerIds.set(queue, id);
  };

  // A job's own signal aborts when its claim is gone (cancelled with a failed run, or retried elsewhere).
  const forJob = (job: { signal: AbortSignal }): CollectionEnv => {
    const signal = AbortSignal.any([stopping.signal, job.signal]);
    return {
      ...env,
      signal,
      fetch: (input, init) => (signal.aborted ? Promise.reject(signal.reason) : env.fetch(input, init)),
    };
  };
  await work<{ runId: number }>(QUEUES.plan, (job) => planRun(forJob(job), job.data.runId));
  // Sync parts and webhook re-reads share the queue: the group (the source) caps them together.
  const groupConcurrency = options.loadConfig().config.github?.concurrency ?? 4;
  await work<CollectionJob>(
    QUEUES.part,
    (job) =>
      job.data.kind === 'refresh' ? refreshTarget(forJob(job), job.id, job.data) : runPart(forJob(job), job.data),
    { groupConcurrency },
  );
  // After a derivation, inside its lock: alerts never fail the derivation they follow.
  const alertRegressions = async (loaded: LoadedConfig) => {
    try {
      const at = now();
      const alerts = await queueRegressionAlerts(db, boss, loaded, loadScorecards(loaded, { at }), at);
      if (alerts > 0) log.info(`queued ${alerts} regression alert(s)`);
    } catch (error) {
      log.error(`regression alerts failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await work(QUEUES.derive, async () => {
    deriving = true;
    try {
      await withDerivationLock(db, true, async () => {
        // A run that turned `deriving` while this derivation read the list (its own job refused,
        // this one already waiting) is caught by the next round.
        for (let round = 0; round < 10; round++) {
          const runIds = await runsAwaitingDerivation(db);
          if (round > 0 && runIds.length === 0) break;
          let failure: string | null = null;
          try {
            // Webhook re-reads (and runs a delivery asked for) that ended before this derivation began are in its figures.
            await markRunsRefreshed(db, runIds);
            const startedAt = await databaseNow(db);
            const loaded = options.loadConfig();
            await derive(db, loaded);
            await markFiguresCurrent(db, startedAt);
            await alertRegressions(loaded);
          } catch (error) {
            failure = error instanceof Error ? error.message : String(error);
            log.error(`derivation failed: ${failure}`, { runIds });
          }
          await finishDerivedRuns(db, runIds, failure);
          await countEndedRuns(db, runIds);
        }
      });
    } finally {
      deriving = false;
    }
  });
  // Secrets (webhook URLs, the SMTP password) are read from the environment when a message is sent.
  const notifyEnv = { ...process.env, ...options.env };
  await work<NotifyJob>(QUEUES.notify, (job) =>
    sendDelivery(db, options.loadConfig(), job.data.deliveryId, {
      env: notifyEnv,
      fetch: fetchImpl.fetch,
      log,
      at: now,
    }),
  );
  await work<DeadJob>(QUEUES.dead, (job) => settleDeadJob(db, boss, job.data, log));

  let prunedAt = 0;
  const sweep = setInterval(() => {
    void failStuckRuns(db, boss, log, silentRunSeconds).catch((error: unknown) =>
      log.warn(`deadline check failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (Date.now() - prunedAt > 3_600_000) {
      prunedAt = Date.now();
      void pruneWebhookInbox(db).catch(() => undefined);
    }
  }, superviseIntervalSeconds * 1000);
  sweep.unref();

  const schedule: ScheduledTask | null =
    options.schedule === false
      ? null
      : startSyncSchedule({ db, boss, loadConfig: options.loadConfig, expression: options.scheduleExpression, log });

  const digests: ScheduledTask | null =
    options.schedule === false
      ? null
      : startDigestSchedule({
          db,
          boss,
          loadConfig: options.loadConfig,
          expression: options.digestScheduleExpression,
          log,
        });

  let stopped: Promise<void> | null = null;
  return {
    boss,
    stop(stopOptions = {}) {
      stopped ??= (async () => {
        const graceMs = stopOptions.graceMs ?? 10_000;
        await schedule?.destroy();
        await digests?.destroy();
        clearInterval(sweep);
        clearInterval(beat);
        stopping.abort(new Error('the worker is stopping'));
        // In-flight requests get most of the grace period; then they are cut so the job can settle.
        const cut = setTimeout(() => fetchImpl.cutInFlight(), Math.max(0, graceMs - 2000));
        await boss.offWork(QUEUES.plan, { wait: false }).catch(() => undefined);
        await boss.offWork(QUEUES.part, { wait: false }).catch(() => undefined);
        await boss.offWork(QUEUES.notify, { wait: false }).catch(() => undefined);
        await boss.stop({ graceful: true, timeout: graceMs, close: false }).catch(() => undefined);
        clearTimeout(cut);
        if (!(await otherWorkersLive(boss, instanceName))) {
          const open = await activeRunIds(db).catch(() => []);
          for (const runId of open.filter((id) => !stopOptions.runs || stopOptions.runs.includes(id))) {
            await failRun(db, boss, runId, 'interrupted: Paved stopped before the sync finished').catch(() => false);
          }
        }
        await boss.stop({ graceful: false, close: true }).catch(() => undefined);
        log.info('worker stopped');
      })();
      return stopped;
    },
  };
}

/** Each ended run, once per source it collected, in /metrics (the worker that ends a run counts it). */
async function countEndedRuns(db: Db, runIds: readonly number[]): Promise<void> {
  const families = metrics();
  for (const run of await endedRunOutcomes(db, runIds).catch(() => [])) {
    families.syncRunDuration.observe({ outcome: run.status }, run.seconds);
    const sources = Object.entries(run.sources);
    // A run failed before it had parts (planning gave up) still counts, as source "run".
    if (sources.length === 0) families.syncRuns.inc({ source: 'run', outcome: run.status });
    for (const [source, outcome] of sources) families.syncRuns.inc({ source, outcome });
  }
}

/** Fails the runs that cannot end on their own. Retries wait at most 5 minutes, so a run between attempts is never silent that long. */
async function failStuckRuns(db: Db, boss: PgBoss, log: Logger, silentSeconds: number): Promise<void> {
  const minutes = Math.round(silentSeconds / 60);
  const span = minutes === 1 ? '1 minute' : `${minutes} minutes`;
  for (const run of await stuckRuns(db, silentSeconds)) {
    const reason = run.overdue
      ? 'failed: the run passed its deadline (schedule.runDeadlineMinutes)'
      : `failed: no worker has worked on it for ${span} (its worker stopped or lost the database)`;
    if (await failRun(db, boss, run.id, reason)) {
      log.warn(`run ${run.id}: ${reason}`, { runId: run.id });
      await countEndedRuns(db, [run.id]);
    }
  }
}

/** A job whose retries ran out: its part, plan or derivation is settled as failed, so its run ends. */
async function settleDeadJob(db: Db, boss: PgBoss, job: DeadJob, log: Logger): Promise<void> {
  if (job.kind === 'part') {
    const part = await db
      .selectFrom('sync_run_parts')
      .select(['error', 'attempts'])
      .where('run_id', '=', job.runId)
      .where('source', '=', job.source)
      .where('scope', '=', job.scope)
      .executeTakeFirst();
    const reason = `gave up after ${part?.attempts ?? 'several'} attempts: ${part?.error ?? 'the job kept failing'}`;
    log.error(`${job.source} ${job.scope}: ${reason}`, { runId: job.runId });
    await finishPart(db, boss, job, { rows: 0, error: reason });
  } else if (job.kind === 'refresh') {
    await markTargetGivenUp(db, job, 'the re-read kept failing; the next sync reconciles it');
  } else if (job.kind === 'notify') {
    await giveUpDelivery(db, job.deliveryId, now());
  } else if (job.kind === 'plan') {
    await failRun(db, boss, job.runId, 'failed: the run could not be planned (the job kept failing)');
  } else {
    await finishDerivedRuns(db, await runsAwaitingDerivation(db), 'the derivation kept failing');
  }
}

/** Whether another worker is alive to carry on the runs this one leaves (pg-boss's registry says). */
async function otherWorkersLive(boss: PgBoss, self: string): Promise<boolean> {
  const instances = await boss.getInstances({ limit: 100_000 }).catch(() => []);
  return instances.some((i) => i.name?.startsWith('paved-worker ') && i.name !== self && i.live && !i.stoppedOn);
}
