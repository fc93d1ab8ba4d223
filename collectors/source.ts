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
  /** Aborted when the process is stopping: no new request starts and waits end early. */
  signal?: AbortSignal;
  /** The stream a part is collecting now, for the progress view (and the run's heartbeat). */
  onStream?(scope: string, stream: string): void;
}

/** A unit of collection a worker takes on its own: one repository, or one PagerDuty account. */
export interface SourcePart {
  scope: string;
  /** JSON the part needs to run without listing again. */
  input: Record<string, unknown>;
}

/**
 * A data source. It fetches, validates and maps, and writes only through `db/writes`;
 * it never computes metrics. A sync plans each source once (account-wide listing), then
 * runs its parts, possibly on several workers at once.
 */
export interface Source {
  id: 'github' | 'pagerduty';
  isConfigured(config: PavedConfig): boolean;
  plan(ctx: SyncContext): Promise<SourcePart[]>;
  runPart(ctx: SyncContext, part: SourcePart): Promise<void>;
  /**
   * Re-reads one target a webhook named (a repository's full name, an incident id) through the
   * same streams, outside any run. Never from the delivery's payload: the API says what is true.
   */
  refresh?(ctx: SyncContext, target: string): Promise<void>;
  /** The part scope a target belongs to: a re-read and that part never collect at once. */
  partScopeOf?(target: string): string;
}

/** Plan, then every part in turn, in this process: what one worker alone would do. */
export async function runSource(source: Source, ctx: SyncContext): Promise<void> {
  const parts = await source.plan(ctx);
  const errors: string[] = [];
  let lastError: unknown = null;
  for (const part of parts) {
    try {
      await source.runPart(ctx, part);
    } catch (error) {
      lastError = error;
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (errors.length === 1) throw lastError;
  if (errors.length > 1) throw new Error(`${errors.length} of ${parts.length} parts failed: ${errors.join(' | ')}`);
}
