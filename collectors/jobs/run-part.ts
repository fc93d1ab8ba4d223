import { withScopeLock } from '../../db/derivation-lock';
import { claimPart, finishPart, notePartActivity, notePartAttemptError, type PartKey } from '../../db/writes/sync-runs';
import { metrics } from '../../lib/telemetry/metrics';
import type { ScopeReport } from '../source';
import { describeFailure, isSourceFailure, jobContext, sumReports, type CollectionEnv } from './job-env';

/**
 * One part of a run (a repository, a PagerDuty account), on whichever worker took it. A
 * definitive GitHub or PagerDuty failure settles the part as failed; anything else is thrown
 * for the queue to retry, and the stream cursors make the retry resume, not repeat.
 */
export async function runPart(env: CollectionEnv, key: PartKey): Promise<void> {
  const { db, boss } = env;
  const part = await claimPart(db, key);
  if (!part) return;
  const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', key.runId).executeTakeFirst();
  const loaded = env.loadConfig();
  const source = env.sources.find((s) => s.id === key.source);
  if (!run || run.status !== 'running') return;
  if (!source || !source.isConfigured(loaded.config)) {
    await finishPart(db, boss, key, { rows: 0, error: `${key.source} is no longer configured` });
    return;
  }
  const reports = new Map<string, ScopeReport>();
  let lastStream = '';
  const ctx = {
    ...jobContext(env, run, key.source, loaded, reports),
    onStream: (_scope: string, stream: string) => {
      if (stream === lastStream) return;
      lastStream = stream;
      void notePartActivity(db, key, { stream }).catch(() => undefined);
    },
  };
  const timer = metrics().syncPartDuration.startTimer({ source: key.source });
  try {
    // A webhook's re-read of the same repository waits for this part, and this part for it.
    await withScopeLock(db, `${key.source}:${key.scope}`, () =>
      source.runPart(ctx, { scope: key.scope, input: part.input }),
    );
  } catch (error) {
    const message = describeFailure(error);
    const retried = env.signal.aborted || !isSourceFailure(error);
    timer({ outcome: retried ? 'retried' : 'failed' });
    if (retried) {
      await notePartAttemptError(db, key, env.signal.aborted ? 'interrupted: the worker stopped' : message).catch(
        () => undefined,
      );
      throw error;
    }
    await finishPart(db, boss, key, { ...sumReports(reports.values()), error: message });
    return;
  }
  timer({ outcome: 'done' });
  await finishPart(db, boss, key, sumReports(reports.values()));
}
