import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database';
import type { LoadedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { getDoraFigures } from '../metrics/dora';
import { withDerivationLock } from '../db/derivation-lock';
import { auditConfigInUse } from './config-in-use';
import { reevaluateIfChanged } from './evaluate-scorecards';

const log = logger.child('scorecards');

type GlobalWithWatch = typeof globalThis & { __pavedScorecardWatch?: boolean };

/**
 * Re-evaluates the scorecards within a minute of their file changing (it compares the
 * file's hash with the last evaluation's, so an unchanged file costs one read).
 */
export function watchScorecardsFile(options: {
  getDb: () => Promise<Db>;
  loadConfig: () => LoadedConfig;
}): ScheduledTask | null {
  const g = globalThis as GlobalWithWatch;
  if (g.__pavedScorecardWatch) return null;
  g.__pavedScorecardWatch = true;
  return cron.schedule(
    '* * * * *',
    async () => {
      try {
        const db = await options.getDb();
        await auditConfigInUse(db, options.loadConfig);
        // Workers sharing a database take turns; one that finds the lock taken skips this minute.
        const summary = await withDerivationLock(db, false, () =>
          reevaluateIfChanged(db, options.loadConfig(), { metrics: getDoraFigures }),
        );
        if (summary) log.info('scorecards file changed: re-evaluated', { results: summary.results });
      } catch (error) {
        log.error('scorecards could not be re-evaluated', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    },
    { name: 'paved-scorecards-watch', noOverlap: true },
  );
}
