import { PgBoss, type Queue } from 'pg-boss';
import { logger } from '../lib/logger';

/**
 * The job queue: pg-boss in its own schema of Paved's database, so web servers and workers
 * share work through PostgreSQL and nothing else. Queue names and their retry, heartbeat and
 * dead-letter policies are defined here once.
 */
export const QUEUES = {
  /** One per run: list what to collect and split it into parts. */
  plan: 'paved-sync-plan',
  /**
   * One per repository or PagerDuty account of a run, and a webhook's targeted re-read of one
   * repository or incident outside any run (at most one waiting per target, the debounce window,
   * and one running): one queue, so one group concurrency caps the requests of both.
   */
  part: 'paved-sync-part',
  /** Rebuild derived figures once a run's parts are all done, or after a targeted re-read; coalesced. */
  derive: 'paved-derive',
  /** One delivery of a digest, alert or test message to one channel; retried on failure. */
  notify: 'paved-notify',
  /** Jobs whose retries ran out land here, so their run can be told. */
  dead: 'paved-dead',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const log = logger.child('queue');

/** Heartbeat and supervision cadence; tests shorten them so a killed worker's job is retried in seconds. */
export function queueTiming(env: Record<string, string | undefined> = process.env) {
  const heartbeatSeconds = Math.max(10, Number(env.PAVED_JOB_HEARTBEAT_SECONDS) || 30);
  const superviseIntervalSeconds = Math.max(1, Number(env.PAVED_QUEUE_SUPERVISE_SECONDS) || 15);
  // Retries of a failed job: 5 s, then doubling up to 5 minutes.
  const retryDelaySeconds = Math.max(1, Number(env.PAVED_JOB_RETRY_DELAY_SECONDS) || 5);
  const retryLimit = Math.max(0, Number(env.PAVED_JOB_RETRY_LIMIT ?? 5));
  // A run no worker has beaten for this long is failed; longer than the longest retry wait (5 minutes).
  const silentRunSeconds = Math.max(30, Number(env.PAVED_RUN_SILENT_SECONDS) || Math.max(600, heartbeatSeconds * 4));
  return { heartbeatSeconds, superviseIntervalSeconds, retryDelaySeconds, retryLimit, silentRunSeconds };
}

function queueDefinitions(timing: ReturnType<typeof queueTiming>): Queue[] {
  const common = {
    heartbeatSeconds: timing.heartbeatSeconds,
    retryLimit: timing.retryLimit,
    retryDelay: timing.retryDelaySeconds,
    retryBackoff: true,
    retryDelayMax: 300,
    deadLetter: QUEUES.dead,
    // Workers wake on NOTIFY the moment a job is sent; polling is the backstop.
    notify: true,
    // A dead worker is found by its missed heartbeats; this only bounds a job that hangs while
    // beating. A repository's first backfill may take a while at GitHub's pace.
    expireInSeconds: 4 * 3600,
  };
  return [
    { name: QUEUES.dead, policy: 'standard', retryLimit: 3, retryDelay: timing.retryDelaySeconds },
    // stately: one queued and one active job at a time; a second request waits for the queued one.
    { name: QUEUES.plan, policy: 'stately', ...common },
    // stately per singletonKey (the repository, or a re-read's target): one pending sync per
    // repository; deliveries while a re-read waits join it.
    { name: QUEUES.part, policy: 'stately', ...common },
    { name: QUEUES.derive, policy: 'stately', ...common },
    // Deliveries are independent; a slow webhook must not hold the rest.
    { name: QUEUES.notify, policy: 'standard', ...common, expireInSeconds: 300 },
  ];
}

export interface OpenQueueOptions {
  /** Workers supervise (heartbeats, retries, dead letters); a web server only sends. */
  role: 'worker' | 'client';
  /** How this instance appears in pg-boss's registry (workers tell each other apart by it). */
  instanceName?: string;
  env?: Record<string, string | undefined>;
}

/** Starts pg-boss on `url` (creating or migrating its schema) and makes sure Paved's queues exist. */
export async function openQueue(url: string, options: OpenQueueOptions): Promise<PgBoss> {
  const timing = queueTiming(options.env);
  const boss = new PgBoss({
    instanceName: options.instanceName,
    instanceHeartbeatSeconds: 10,
    connectionString: url,
    schema: 'pgboss',
    max: options.role === 'worker' ? 4 : 2,
    application_name: `paved-${options.role}`,
    supervise: options.role === 'worker',
    useListenNotify: options.role === 'worker',
    superviseIntervalSeconds: timing.superviseIntervalSeconds,
    monitorIntervalSeconds: timing.superviseIntervalSeconds,
    schedule: false,
  });
  // pg-boss reports lost connections and failed maintenance here; unhandled, they would crash the process.
  boss.on('error', (error: Error) => log.warn(`job queue: ${error.message}`));
  await boss.start();
  for (const { name, policy: _policy, partition: _partition, ...settings } of queueDefinitions(timing)) {
    // Workers own the settings: a queue made earlier takes today's retry, heartbeat and expiry (its policy stays).
    if (await boss.getQueue(name)) {
      if (options.role === 'worker') await boss.updateQueue(name, settings);
    } else await boss.createQueue(name, { policy: _policy, ...settings }).catch(ignoreRace);
  }
  return boss;
}

/** Two processes creating the same queue at once: the loser's error is harmless. */
function ignoreRace(error: unknown): void {
  if (!/already exists|duplicate key/i.test(error instanceof Error ? error.message : String(error))) throw error;
}

type GlobalWithQueue = typeof globalThis & { __pavedQueue?: Promise<PgBoss> };

/** The web process's queue client (it only sends), shared by every route handler bundle. */
export function getProcessQueue(url: string): Promise<PgBoss> {
  const g = globalThis as GlobalWithQueue;
  g.__pavedQueue ??= openQueue(url, { role: 'client' }).catch((error: unknown) => {
    g.__pavedQueue = undefined;
    throw error;
  });
  return g.__pavedQueue;
}

/** Stops the web process's queue client, if one was opened (tests point route handlers at another database). */
export async function closeProcessQueue(): Promise<void> {
  const g = globalThis as GlobalWithQueue;
  const opening = g.__pavedQueue;
  g.__pavedQueue = undefined;
  await (await opening?.catch(() => undefined))?.stop({ close: true, graceful: false });
}

export type { PgBoss };
