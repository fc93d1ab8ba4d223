import type { Db } from '../../db/database';
import { getSetting } from '../../db/writes/settings';
import { now, startOfUtcDay } from '../../lib/clock';
import { hasExternalSources, type PavedConfig } from '../../lib/config';
import { logger } from '../../lib/logger';
import { clearCollectedData, DEMO_SETTING, loadDemoOrganisation, type DemoInfo } from './load-demo';

const log = logger.child('demo');

export type DataMode = 'demo' | 'collected' | 'empty';

/**
 * Decides what the dashboard shows. With no source configured: the demo organisation,
 * regenerated when its history no longer ends today, unless real data was collected
 * earlier (that is never overwritten). With a source configured: demo rows are removed
 * so they never mix with collected ones.
 */
export async function ensureDataMode(db: Db, config: PavedConfig): Promise<DataMode> {
  const demo = await getSetting<DemoInfo>(db, DEMO_SETTING);
  if (hasExternalSources(config)) {
    if (demo) {
      log.info('a source is configured: removing the demo organisation before collecting');
      await clearCollectedData(db);
    }
    return 'collected';
  }
  const collected = await db
    .selectFrom('repositories')
    .select('id')
    .where('source', '!=', 'demo')
    .limit(1)
    .executeTakeFirst();
  if (collected) {
    log.warn('no source is configured, but collected data exists: showing it and not loading the demo');
    return 'collected';
  }
  const today = startOfUtcDay(now()).getTime();
  if (!demo || startOfUtcDay(new Date(demo.anchor)).getTime() !== today) {
    log.info(
      demo
        ? 'refreshing the demo organisation so its history ends today'
        : 'no source configured: loading the demo organisation',
    );
    await loadDemoOrganisation(db, { onlyIfStale: true });
  }
  return 'demo';
}
