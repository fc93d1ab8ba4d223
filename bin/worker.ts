import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { auditConfigInUse } from '../scorecards/config-in-use';
import { deriveAll } from '../scorecards/derive-all';
import { watchScorecardsFile } from '../scorecards/watch-scorecards-file';
import { withDerivationLock } from '../db/derivation-lock';
import { serveWorkerMetrics } from '../lib/telemetry/metrics-server';
import { startWorker } from '../worker/worker';
import { prepare } from './prepare';

const log = logger.child('worker');

/**
 * `npm run worker`: a plain Node process (no Next.js) that takes sync and derivation jobs from
 * the queue in PostgreSQL and keeps the schedule. Start as many as you like on one database.
 * SIGTERM or SIGINT: stop taking work, let the current request and page finish, exit 0.
 */
async function main(): Promise<void> {
  const { loaded } = await prepare();
  const { db, url } = await getProcessDatabase();
  await auditConfigInUse(db, () => loaded);
  // Derived data is brought up to date before the first job, as config or code may have changed.
  await withDerivationLock(db, true, () => deriveAll(db, loaded)).catch((error: unknown) =>
    log.error(`derivation failed at start-up: ${error instanceof Error ? error.message : String(error)}`),
  );
  const worker = await startWorker({
    db,
    url,
    loadConfig,
    log,
    scheduleExpression: process.env.PAVED_SCHEDULE_OVERRIDE || undefined,
  });
  const watcher = watchScorecardsFile({ getDb: async () => db, loadConfig });
  const metricsPort = process.env.PAVED_WORKER_METRICS_PORT;
  if (metricsPort) {
    const server = await serveWorkerMetrics(Number(metricsPort), process.env.PAVED_WORKER_METRICS_HOST || undefined);
    log.info(`metrics on ${server.url}`);
  }
  log.info('worker ready');
  process.send?.({ type: 'ready' });

  let exiting = false;
  const shutdown = async (signal: string) => {
    if (exiting) return;
    exiting = true;
    log.info(`${signal}: stopping`);
    // A derivation still running after the grace period holds a connection the pool would wait for.
    setTimeout(() => process.exit(0), 13_000).unref();
    await watcher?.destroy();
    await worker.stop();
    await closeProcessDatabase();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // The supervisor went away without a word: do not outlive it.
  process.on('disconnect', () => void shutdown('supervisor gone'));
}

main().catch(async (error: unknown) => {
  process.stderr.write(`paved worker failed: ${error instanceof Error ? error.message : String(error)}\n`);
  await closeProcessDatabase().catch(() => undefined);
  process.exit(1);
});
