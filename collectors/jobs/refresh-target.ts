import { fromKysely } from 'pg-boss';
import { withScopeLock } from '../../db/derivation-lock';
import { QUEUES } from '../../db/queue';
import { markRefreshed, type RefreshJob } from '../../db/writes/webhook-deliveries';
import { now } from '../../lib/clock';
import type { ScopeReport } from '../source';
import { describeFailure, isSourceFailure, type CollectionEnv } from './job-env';

/**
 * A webhook's targeted re-read: one repository's streams or one incident, through the same
 * collector code a sync runs, then one coalesced derivation. A GitHub or PagerDuty answer that
 * retrying will not change ends the job with its error on the deliveries it covered (the next
 * poll reconciles); anything else is left to the queue's retries.
 */
export async function refreshTarget(env: CollectionEnv, jobId: string, job: RefreshJob): Promise<void> {
  const { db, boss } = env;
  const loaded = env.loadConfig();
  const source = env.sources.find((s) => s.id === job.source);
  if (!source?.refresh || !source.isConfigured(loaded.config)) {
    await markRefreshed(db, jobId, `${job.source} is not configured`);
    return;
  }
  const log = env.log.child('refresh').child(job.source);
  const reports = new Map<string, ScopeReport>();
  const ctx = {
    db,
    config: loaded.config,
    full: false,
    now: now(),
    log,
    fetch: env.fetch,
    factPaths: env.factPaths(loaded),
    signal: env.signal,
    report: (scope: string, report: ScopeReport) => reports.set(scope, report),
  };
  const scope = `${job.source}:${source.partScopeOf?.(job.target) ?? job.target}`;
  try {
    await withScopeLock(db, scope, () => source.refresh!(ctx, job.target));
  } catch (error) {
    if (env.signal.aborted || !isSourceFailure(error)) throw error;
    const message = describeFailure(error);
    log.warn(`${job.target}: ${message}`);
    await markRefreshed(db, jobId, message);
    return;
  }
  const rows = [...reports.values()].reduce((sum, r) => sum + r.rows, 0);
  log.info(`re-read ${job.target}`, { rows });
  // Derived figures follow at once; the queue keeps one waiting derivation, so re-reads ending together share it.
  await db.transaction().execute(async (trx) => {
    await markRefreshed(trx, jobId, null);
    await boss.send(QUEUES.derive, { kind: 'derive' }, { db: fromKysely(trx) });
  });
}
