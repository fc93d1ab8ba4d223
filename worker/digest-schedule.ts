import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database';
import type { PgBoss } from '../db/queue';
import { now } from '../lib/clock';
import type { LoadedConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import { queueDigests } from '../notifications/notify';
import { loadScorecards } from '../scorecards/load-scorecards';

/**
 * Queues the weekly digests on `notifications.digestSchedule` (in `schedule.timezone`). Every
 * worker keeps it; a digest's key names its period, so the workers that see one tick record it once.
 */
export function startDigestSchedule(options: {
  db: Db;
  boss: PgBoss;
  loadConfig: () => LoadedConfig;
  expression?: string;
  log: Logger;
}): ScheduledTask | null {
  const { config } = options.loadConfig();
  const notifications = config.notifications;
  if (!notifications) return null;
  const expression = options.expression ?? notifications.digestSchedule;
  const task = cron.schedule(
    expression,
    async () => {
      try {
        const loaded = options.loadConfig();
        const at = now();
        const recorded = await queueDigests(options.db, options.boss, loaded, loadScorecards(loaded, { at }), at);
        if (recorded > 0) options.log.info(`queued ${recorded} digest(s)`);
      } catch (error) {
        options.log.error(`digests could not be queued: ${error instanceof Error ? error.message : error}`);
      }
    },
    { name: 'paved-digest', timezone: config.schedule.timezone, noOverlap: true },
  );
  options.log.info('digest schedule registered', { expression, timezone: config.schedule.timezone });
  return task;
}
