import type { Db } from '../../db/database';
import type { PgBoss } from '../../db/queue';
import type { LoadedConfig } from '../../lib/config';
import { redact, type Logger } from '../../lib/logger';
import { GithubError } from '../github/client';
import { githubSource } from '../github/source';
import { PagerdutyError } from '../pagerduty/client';
import { pagerdutySource } from '../pagerduty/source';
import type { ScopeReport, Source, SyncContext } from '../source';
import type { SyncRunTable } from '../../db/schema';
import type { Selectable } from 'kysely';

export const DEFAULT_SOURCES: readonly Source[] = [githubSource, pagerdutySource];

/** What a collection job needs from the worker that runs it. */
export interface CollectionEnv {
  db: Db;
  boss: PgBoss;
  /** Read per job: the file may have changed since the worker started. */
  loadConfig: () => LoadedConfig;
  sources: readonly Source[];
  fetch: typeof fetch;
  /** The repository files the scorecards read (the GitHub collector fetches them as facts). */
  factPaths: (loaded: LoadedConfig) => readonly string[];
  log: Logger;
  /** Aborted when the worker is stopping. */
  signal: AbortSignal;
  /** Every scope's report as it arrives (the CLI prints them). */
  onReport?: (source: string, scope: string, report: ScopeReport) => void;
}

/**
 * An answer from GitHub or PagerDuty that retrying the job would not change (after the
 * clients' own retries): the part fails and says why. Anything else (the database went
 * away, a bug) is left to the queue's retries.
 */
export function isSourceFailure(error: unknown): boolean {
  return error instanceof GithubError || error instanceof PagerdutyError;
}

export function describeFailure(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

export function sumReports(reports: Iterable<ScopeReport>): Required<Omit<ScopeReport, 'error'>> {
  const total = { rows: 0, graphqlPoints: 0, restCalls: 0 };
  for (const r of reports) {
    total.rows += r.rows;
    total.graphqlPoints += r.graphqlPoints ?? 0;
    total.restCalls += r.restCalls ?? 0;
  }
  return total;
}

/**
 * The context a source runs in for one job of a run: the run's instant and `--full`, the
 * worker's fetch and stop signal, and a report that both keeps each scope's figures (`reports`)
 * and passes them on.
 */
export function jobContext(
  env: CollectionEnv,
  run: Pick<Selectable<SyncRunTable>, 'id' | 'full_sync' | 'started_at'>,
  sourceId: string,
  loaded: LoadedConfig,
  reports: Map<string, ScopeReport>,
): SyncContext {
  return {
    db: env.db,
    config: loaded.config,
    full: run.full_sync,
    now: run.started_at,
    log: env.log.child(sourceId, { runId: run.id }),
    fetch: env.fetch,
    factPaths: env.factPaths(loaded),
    signal: env.signal,
    report: (scope, report) => {
      reports.set(scope, report);
      env.onReport?.(sourceId, scope, report);
    },
  };
}
