import cron from 'node-cron';
import type { Db } from '../db/database';
import type { LoadedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { getDoraFigures } from '../metrics/dora';
import { reevaluateIfChanged } from './evaluate-scorecards';

const log = logger.child('scorecards');

type GlobalWithWatch = typeof globalThis & { __pavedScorecardWatch?: boolean };

/**
 * Re-evaluates the scorecards within a minute of their file changing (it compares the
 * file's hash with the last evaluation's, so an unchanged file costs one read).
 */
export function watchScorecardsFile(options: { getDb: () => Promise<Db>; loadConfig: () => LoadedConfig }): void {
  const g = globalThis as GlobalWithWatch;
  if (g.__pavedScorecardWatch) return;
  g.__pavedScorecardWatch = true;
  cron.schedule(
    '* * * * *',
    async () => {
      try {
        const summary = await reevaluateIfChanged(await options.getDb(), options.loadConfig(), {
          metrics: getDoraFigures,
        });
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
