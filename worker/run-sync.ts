import { requestSyncRun, type SyncTrigger } from '../db/writes/sync-runs';
import type { LoadedConfig } from '../lib/config';
import { startWorker, type WorkerOptions } from './worker';
import { waitForRun, type FinishedRun } from './wait-for-run';

export interface RunSyncOptions extends Omit<WorkerOptions, 'loadConfig' | 'schedule'> {
  loaded: LoadedConfig;
  trigger: SyncTrigger;
  full?: boolean;
  timeoutMs?: number;
}

/**
 * One whole sync from this process: a worker of its own takes the run's jobs (other workers
 * on the database may take some too) until the run, derivation included, has ended. When a
 * run is already under way it joins that run instead (`joined`).
 */
export async function runSync(options: RunSyncOptions): Promise<FinishedRun & { joined: boolean }> {
  const worker = await startWorker({ ...options, loadConfig: () => options.loaded, schedule: false });
  try {
    const request = await requestSyncRun(options.db, worker.boss, { trigger: options.trigger, full: options.full });
    const finished = await waitForRun(options.db, request.runId, { timeoutMs: options.timeoutMs });
    return { ...finished, joined: !request.created };
  } finally {
    await worker.stop();
  }
}
