import { addRunParts, markPlanned, recordSettledPart, startRun } from '../../db/writes/sync-runs';
import { ensureDataMode } from '../demo/ensure-demo';
import type { ScopeReport } from '../source';
import { describeFailure, isSourceFailure, jobContext, sumReports, type CollectionEnv } from './job-env';

/**
 * The first job of a run: each configured source lists what it collects (GitHub's
 * repositories and their facts, PagerDuty's services) and splits the rest into parts,
 * one job each. Idempotent: a retried plan finds the parts it already recorded.
 */
export async function planRun(env: CollectionEnv, runId: number): Promise<void> {
  const { db, boss } = env;
  const loaded = env.loadConfig();
  const run = await startRun(db, runId, loaded.config.schedule.runDeadlineMinutes);
  if (!run || run.status !== 'running') return;
  await ensureDataMode(db, loaded.config);
  const log = env.log.child('plan', { runId });
  for (const source of env.sources.filter((s) => s.isConfigured(loaded.config))) {
    const reports = new Map<string, ScopeReport>();
    const ctx = jobContext(env, run, source.id, loaded, reports);
    try {
      const parts = await source.plan(ctx);
      for (const [scope, report] of reports) await recordSettledPart(db, { runId, source: source.id, scope }, report);
      await addRunParts(
        db,
        boss,
        runId,
        parts.map((p) => ({ source: source.id, ...p })),
      );
    } catch (error) {
      if (env.signal.aborted || !isSourceFailure(error)) throw error;
      const message = describeFailure(error);
      log.error(`${source.id}: ${message}`);
      const report = { ...sumReports(reports.values()), error: message };
      await recordSettledPart(db, { runId, source: source.id, scope: '(listing)' }, report);
      env.onReport?.(source.id, '(listing)', report);
    }
  }
  await markPlanned(db, boss, runId);
}
