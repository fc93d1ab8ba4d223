import type { Db } from '../db/database';
import { noteFiguresChanged } from '../db/figure-generation';
import { recordAudit } from './audit-log';

/**
 * Which configuration the workers use, by fingerprint (never a value, so no secret): the config
 * file's effective-configuration hash and the scorecards file's content hash.
 */
export interface ConfigInUse {
  configFile: string | null;
  config: string;
  scorecardsFile: string;
  scorecards: string;
}

const SETTING = 'config-in-use';

/** What this process last saw recorded, per database: an unchanged config costs no query. */
const noted = new WeakMap<Db, string>();

/**
 * Records a `config.reload` audit entry when `current` differs from the configuration last
 * recorded, and makes it the recorded one. The settings row is read `for update` in the same
 * transaction as the write and the entry, so several workers picking up one change record it once.
 * @returns whether an entry was recorded
 * @example await recordConfigInUse(db, configInUse(loaded), 'system:worker')
 */
export async function recordConfigInUse(db: Db, current: ConfigInUse, actor: string): Promise<boolean> {
  const key = JSON.stringify(current);
  if (noted.get(db) === key) return false;
  const recorded = await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ key: SETTING, value: 'null', updated_at: new Date() })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await trx
      .selectFrom('settings')
      .select('value')
      .where('key', '=', SETTING)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const previous = row.value as ConfigInUse | null;
    const differs = {
      config: previous?.config !== current.config || previous.configFile !== current.configFile,
      scorecards: previous?.scorecards !== current.scorecards || previous.scorecardsFile !== current.scorecardsFile,
    };
    const changed = (['config', 'scorecards'] as const).filter((part) => differs[part]);
    if (changed.length === 0) return false;
    await trx.updateTable('settings').set({ value: key, updated_at: new Date() }).where('key', '=', SETTING).execute();
    // Figures may read differently under the new files: cached figures and ETags start afresh.
    await noteFiguresChanged(trx);
    await recordAudit(trx, {
      actor,
      action: 'config.reload',
      detail: {
        changed,
        config: { file: current.configFile, fingerprint: current.config, previous: previous?.config ?? null },
        scorecards: {
          file: current.scorecardsFile,
          fingerprint: current.scorecards,
          previous: previous?.scorecards ?? null,
        },
      },
    });
    return true;
  });
  noted.set(db, key);
  return recorded;
}
