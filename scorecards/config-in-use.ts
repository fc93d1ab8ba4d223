import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { recordConfigInUse, type ConfigInUse } from '../access/config-reloads';
import type { Db } from '../db/database';
import type { LoadedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { scorecardsPath } from './load-scorecards';

/** The audit log's name for a worker process acting on its own. */
export const WORKER_ACTOR = 'system:worker';

const log = logger.child('config');

/** The fingerprints of the configuration and scorecards file a process is using. */
export function configInUse(loaded: LoadedConfig): ConfigInUse {
  const scorecardsFile = scorecardsPath(loaded);
  const scorecards = existsSync(scorecardsFile)
    ? createHash('sha256').update(readFileSync(scorecardsFile)).digest('hex').slice(0, 16)
    : 'absent';
  return { configFile: loaded.file, config: loaded.fingerprint, scorecardsFile, scorecards };
}

/**
 * Audits a worker starting to use a configuration or scorecards file other than the last one
 * recorded (access/config-reloads.ts). A failure is logged, never fatal: the job goes on.
 */
export async function auditConfigInUse(db: Db, loadConfig: () => LoadedConfig): Promise<void> {
  try {
    const current = configInUse(loadConfig());
    if (await recordConfigInUse(db, current, WORKER_ACTOR))
      log.info('configuration changed: recorded in the audit log', { ...current });
  } catch (error) {
    log.warn(`configuration change not audited: ${error instanceof Error ? error.message : String(error)}`);
  }
}
