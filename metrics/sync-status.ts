import type { Db } from '../db/database';
import { getSetting } from '../db/writes/settings';

export interface SyncStatus {
  demo: { anchor: string; loadedAt: string } | null;
  lastRun: { id: number; status: string; startedAt: string; finishedAt: string | null; error: string | null } | null;
}

/** What the shell shows in its header: demo or collected data, and the last sync. */
export async function getSyncStatus(db: Db): Promise<SyncStatus> {
  const [demo, run] = await Promise.all([
    getSetting<{ anchor: string; loadedAt: string }>(db, 'demo'),
    db.selectFrom('sync_runs').selectAll().where('status', '!=', 'skipped').orderBy('started_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  return {
    demo: demo ? { anchor: demo.anchor, loadedAt: demo.loadedAt } : null,
    lastRun: run
      ? { id: run.id, status: run.status, startedAt: run.started_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null, error: run.error }
      : null,
  };
}
