import type { Db } from '../db/database';
import type { SyncRunStatus } from '../db/schema';

const FINAL: readonly SyncRunStatus[] = ['succeeded', 'failed', 'skipped'];

export interface FinishedRun {
  runId: number;
  status: SyncRunStatus;
  errors: string[];
  counts: Record<string, Record<string, { rows: number; graphqlPoints?: number; restCalls?: number; error?: string }>>;
}

/** Polls until the run has ended (its derivation included), or `timeoutMs` passes. */
export async function waitForRun(db: Db, runId: number, options: { timeoutMs?: number } = {}): Promise<FinishedRun> {
  const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
  for (;;) {
    const run = await db
      .selectFrom('sync_runs')
      .select(['status', 'error', 'counts'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    if (FINAL.includes(run.status)) {
      return {
        runId,
        status: run.status,
        errors: run.error ? run.error.split('\n') : [],
        counts: run.counts as FinishedRun['counts'],
      };
    }
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run.status} after ${options.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
