import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database';
import type { LoadedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { ensureDataMode } from './demo/ensure-demo';
import { runSync, type Derive, type SyncResult } from './runner';
import type { Source } from './source';

const log = logger.child('scheduler');

export interface SchedulerOptions {
  getDb: () => Promise<Db>;
  loadConfig: () => LoadedConfig;
  /** Overrides `schedule.sync` (tests use a per-second expression). */
  expression?: string;
  onResult?: (result: SyncResult) => void;
  /** Sources to run (default: GitHub and PagerDuty); tests pass their own. */
  sources?: readonly Source[];
  derive?: Derive;
  /** The repository files the scorecards read, for the GitHub facts (computed per run: the file may change). */
  factPaths?: (loaded: LoadedConfig) => readonly string[];
}

/**
 * The in-process scheduler: runs the sync on `schedule.sync`. node-cron's `noOverlap`
 * stops this process from overlapping itself; the advisory lock in `runSync` stops
 * several processes sharing a database from collecting at once.
 */
export function createSyncScheduler(options: SchedulerOptions): ScheduledTask | null {
  const loaded = options.loadConfig();
  if (!loaded.config.schedule.enabled) {
    log.info('scheduled sync is disabled (schedule.enabled: false)');
    return null;
  }
  const expression = options.expression ?? loaded.config.schedule.sync;
  const task = cron.schedule(
    expression,
    async () => {
      try {
        const current = options.loadConfig();
        const db = await options.getDb();
        await ensureDataMode(db, current.config);
        const result = await runSync({
          db,
          loaded: current,
          trigger: 'schedule',
          sources: options.sources,
          derive: options.derive,
          factPaths: options.factPaths?.(current),
        });
        options.onResult?.(result);
        if (result.status === 'failed') log.error('scheduled sync failed', { errors: result.errors });
      } catch (error) {
        log.error('scheduled sync could not run', { error: error instanceof Error ? error.message : String(error) });
      }
    },
    { name: 'paved-sync', noOverlap: true, timezone: loaded.config.schedule.timezone, suppressMissedWarning: true },
  );
  log.info('scheduled sync registered', { expression, timezone: loaded.config.schedule.timezone });
  return task;
}

type GlobalWithScheduler = typeof globalThis & { __pavedScheduler?: ScheduledTask | null };

/** Registers the process's scheduler once, however many times Next.js calls `register()`. */
export function startSchedulerOnce(options: SchedulerOptions): void {
  const g = globalThis as GlobalWithScheduler;
  if (g.__pavedScheduler !== undefined) return;
  g.__pavedScheduler = createSyncScheduler(options);
}
