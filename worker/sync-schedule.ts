import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database';
import type { PgBoss } from '../db/queue';
import { requestSyncRun } from '../db/writes/sync-runs';
import type { LoadedConfig } from '../lib/config';
import type { Logger } from '../lib/logger';

/**
 * Starts a run on `schedule.sync`. Every worker keeps the schedule; a tick names its instant
 * (`scheduled_for`, to the second), so the workers that see the same tick ask for one run.
 */
export function startSyncSchedule(options: {
  db: Db;
  boss: PgBoss;
  loadConfig: () => LoadedConfig;
  expression?: string;
  log: Logger;
}): ScheduledTask | null {
  const { config } = options.loadConfig();
  if (!config.schedule.enabled) {
    options.log.info('scheduled sync is disabled (schedule.enabled: false)');
    return null;
  }
  const expression = options.expression ?? config.schedule.sync;
  const task = cron.schedule(
    expression,
    async (context) => {
      const tick = new Date(Math.floor((context?.date ?? new Date()).getTime() / 1000) * 1000);
      try {
        const { runId, created } = await requestSyncRun(options.db, options.boss, {
          trigger: 'schedule',
          scheduledFor: tick,
        });
        if (created) options.log.info(`scheduled sync queued as run ${runId}`, { runId });
      } catch (error) {
        options.log.error(`scheduled sync could not be queued: ${error instanceof Error ? error.message : error}`);
      }
    },
    { name: 'paved-sync', timezone: config.schedule.timezone, noOverlap: true },
  );
  options.log.info('scheduled sync registered', { expression, timezone: config.schedule.timezone });
  return task;
}
