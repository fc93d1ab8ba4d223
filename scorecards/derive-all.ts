import { applyCatalog } from '../db/catalog';
import type { Db } from '../db/database';
import { setSetting } from '../db/writes/settings';
import type { LoadedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { deriveDelivery } from '../metrics/derive/run-derivation';
import { getDoraFigures } from '../metrics/dora';
import { now } from '../lib/clock';
import { backfillFromFactHistory } from './backfill-history';
import { evaluateScorecards } from './evaluate-scorecards';
import { loadScorecards } from './load-scorecards';
import { metrics, timed } from '../lib/telemetry/metrics';

const log = logger.child('derive');

/**
 * Everything derived from collected data, in dependency order: the catalog, then delivery
 * facts (metrics), then scorecards. Runs after each sync and at start-up. It lives at the
 * top derivation layer because it calls every layer below.
 */
export async function deriveAll(db: Db, loaded: LoadedConfig): Promise<void> {
  const started = Date.now();
  await applyCatalog(db, loaded.config);
  const delivery = await timed(metrics().derivationDuration, () => deriveDelivery(db, loaded.config));
  const at = now();
  // One read of the scorecards file for today's evaluation and the backfill of past days.
  const scorecards = loadScorecards(loaded, { at });
  const evaluation = await timed(metrics().scorecardEvaluationDuration, () =>
    evaluateScorecards(db, loaded, { metrics: getDoraFigures, at, scorecards }),
  );
  const historyDays = await backfillFromFactHistory(db, loaded, { metrics: getDoraFigures, scorecards, today: at });
  await setSetting(db, 'config-fingerprint', loaded.fingerprint);
  log.info('derived data is current', {
    ...delivery,
    scorecardResults: evaluation.results,
    ...(historyDays ? { scorecardHistoryDaysBackfilled: historyDays } : {}),
    ms: Date.now() - started,
  });
}
