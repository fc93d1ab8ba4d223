import { requestSyncRun, type SyncTrigger } from '../db/writes/sync-runs';
import type { LoadedConfig } from '../lib/config';
import { startWorker, type WorkerOptions } from './worker';
import { waitForRun, type FinishedRun } from './wait-for-run';

export interface RunSyncOptions extends Omit<WorkerOptions, 'loadConfig' | 'schedule'> {
  loaded: LoadedConfig;
  trigger: SyncTrigger;
  full?: boolean;
  timeoutMs?: number;
  /** Hands the caller the way to stop this sync's worker (the CLI calls it on a signal). */
  onStopRequest?: (stop: () => Promise<void>) => void;
}

/**
 * One whole sync from this process: a worker of its own takes the run's jobs (other workers
 * on the database may take some too) until the run, derivation included, has ended. When a
 * run is already under way it joins that run instead (`joined`).
 */
export async function runSync(options: RunSyncOptions): Promise<FinishedRun & { joined: boolean }> {
  const worker = await startWorker({ ...options, loadConfig: () => options.loaded, schedule: false });
  let started: number | null = null;
  // Ctrl-C or SIGTERM: stop the worker the same way; a run this command started ends as interrupted.
  const stop = () => worker.stop({ runs: started === null ? [] : [started] });
  options.onStopRequest?.(stop);
  try {
    const request = await requestSyncRun(options.db, worker.boss, { trigger: options.trigger, full: options.full });
    if (request.created) started = request.runId;
    const finished = await waitForRun(options.db, request.runId, { timeoutMs: options.timeoutMs });
    return { ...finished, joined: !request.created };
  } finally {
    await stop();
  }
}
