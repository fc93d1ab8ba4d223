import { startSchedulerOnce } from './schedule';
import { getDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';

/** Server start-up inside Next.js: migrations (idempotent, lock-guarded), then the scheduler. */
export async function startServerRuntime(): Promise<void> {
  try {
    loadConfig();
    await migrateToLatest(await getDb());
  } catch (error) {
    // /api/ready reports this; the process stays up so /api/health can answer.
    logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (process.env.PAVED_SCHEDULER === 'off') return;
  startSchedulerOnce({ getDb, loadConfig });
}
