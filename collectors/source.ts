import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import type { Logger } from '../lib/logger';

/** What one scope (a repository, an organisation, a PagerDuty account) cost and yielded. */
export interface ScopeReport {
  rows: number;
  graphqlPoints?: number;
  restCalls?: number;
  error?: string;
}

export interface SyncContext {
  db: Db;
  config: PavedConfig;
  /** `--full`: ignore cursors and re-read the whole backfill window. */
  full: boolean;
  now: Date;
  log: Logger;
  /** Progress, per scope, as it happens (the CLI prints it; the sync run records it). */
  report(scope: string, report: ScopeReport): void;
  fetch: typeof fetch;
  /** Repository files the scorecards read, beyond the built-in ones (globs allowed). */
  factPaths: readonly string[];
}

/**
 * A data source. It fetches, validates and maps, and writes only through `db/writes`;
 * it never computes metrics.
 */
export interface Source {
  id: 'github' | 'pagerduty';
  isConfigured(config: PavedConfig): boolean;
  run(ctx: SyncContext): Promise<void>;
}
