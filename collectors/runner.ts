import os from 'node:os';
import { sql } from 'kysely';
import { applyCatalog } from '../db/catalog';
import type { Db } from '../db/database';
import { setSetting } from '../db/writes/settings';
import { now } from '../lib/clock';
import type { LoadedConfig } from '../lib/config';
import { logger as rootLogger, redact, type Logger } from '../lib/logger';
import { githubSource } from './github/source';
import { pagerdutySource } from './pagerduty/source';
import type { ScopeReport, Source } from './source';

/** One key for every Paved process sharing a database: at most one sync runs at a time. */
export const SYNC_LOCK_KEY = 0x5a7ed_0001;

export const DEFAULT_SOURCES: readonly Source[] = [githubSource, pagerdutySource];

export interface SyncOptions {
  db: Db;
  loaded: LoadedConfig;
  full?: boolean;
  trigger: 'cli' | 'schedule' | 'api' | 'start';
  sources?: readonly Source[];
  log?: Logger;
  fetch?: typeof fetch;
  onProgress?: (source: string, scope: string, report: ScopeReport) => void;
  /**
   * Recomputes derived data after collection. Injected by the entry point, because the
   * derivations (metrics, scorecards) sit above the collectors; by default only the catalog.
   */
  derive?: Derive;
  /** Repository files the scorecards read (the GitHub collector fetches them as facts). */
  factPaths?: readonly string[];
}

export type Derive = (db: Db, loaded: LoadedConfig) => Promise<void>;

export interface SyncResult {
  runId: number | null;
  status: 'succeeded' | 'failed' | 'skipped';
  counts: Record<string, Record<string, ScopeReport>>;
  errors: string[];
}

/**
 * One pass over every configured source, then re-derivation. Guarded by a PostgreSQL
 * advisory lock held on one connection for the whole run, so app instances and CLI runs
 * that share a database never collect twice at once; a second caller is told "skipped".
 */
export async function runSync(options: SyncOptions): Promise<SyncResult> {
  const { db } = options;
  const log = options.log ?? rootLogger.child('sync');
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${SYNC_LOCK_KEY}) as locked`.execute(
      conn,
    );
    if (!locked.rows[0]?.locked) {
      log.info('another sync holds the lock; skipping this one');
      return { runId: null, status: 'skipped' as const, counts: {}, errors: ['another sync is running'] };
    }
    try {
      return await runLocked(options, log);
    } finally {
      await sql`select pg_advisory_unlock(${SYNC_LOCK_KEY})`.execute(conn);
    }
  });
}

async function runLocked(options: SyncOptions, log: Logger): Promise<SyncResult> {
  const { db, loaded } = options;
  const startedAt = now();
  // Runs left "running" by a process that died cannot still be running: we hold the lock.
  await db
    .updateTable('sync_runs')
    .set({
      status: 'failed',
      error: 'interrupted (the process stopped before the sync finished)',
      finished_at: startedAt,
    })
    .where('status', '=', 'running')
    .execute();
  const run = await db
    .insertInto('sync_runs')
    .values({
      trigger: options.trigger,
      full_sync: Boolean(options.full),
      status: 'running',
      started_at: startedAt,
      instance: `${os.hostname()}:${process.pid}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  const counts: SyncResult['counts'] = {};
  const errors: string[] = [];
  const sources = (options.sources ?? DEFAULT_SOURCES).filter((s) => s.isConfigured(loaded.config));
  if (sources.length === 0) log.info('no GitHub or PagerDuty source is configured: nothing to collect');

  for (const source of sources) {
    const sourceLog = log.child(source.id);
    counts[source.id] = {};
    try {
      await source.run({
        db,
        config: loaded.config,
        full: Boolean(options.full),
        now: startedAt,
        log: sourceLog,
        fetch: options.fetch ?? fetch,
        factPaths: options.factPaths ?? [],
        report: (scope, report) => {
          counts[source.id]![scope] = report;
          options.onProgress?.(source.id, scope, report);
        },
      });
    } catch (error) {
      const message = redact(`${source.id}: ${error instanceof Error ? error.message : String(error)}`);
      errors.push(message);
      sourceLog.error(message);
    }
  }

  try {
    await (options.derive ?? deriveCatalog)(db, loaded);
  } catch (error) {
    errors.push(redact(`derivation: ${error instanceof Error ? error.message : String(error)}`));
  }

  const status = errors.length === 0 ? 'succeeded' : 'failed';
  await db
    .updateTable('sync_runs')
    .set({
      status,
      finished_at: now(),
      counts: JSON.stringify(counts),
      api_cost: JSON.stringify(apiCost(counts)),
      error: errors.join('\n') || null,
    })
    .where('id', '=', run.id)
    .execute();
  return { runId: run.id, status, counts, errors };
}

/** The derivation the collectors own: teams, services and links from config and descriptors. */
export async function deriveCatalog(db: Db, loaded: LoadedConfig): Promise<void> {
  await applyCatalog(db, loaded.config);
  await setSetting(db, 'config-fingerprint', loaded.fingerprint);
}

function apiCost(counts: SyncResult['counts']): Record<string, { graphqlPoints: number; restCalls: number }> {
  return Object.fromEntries(
    Object.entries(counts).map(([source, scopes]) => [
      source,
      Object.values(scopes).reduce(
        (sum, r) => ({
          graphqlPoints: sum.graphqlPoints + (r.graphqlPoints ?? 0),
          restCalls: sum.restCalls + (r.restCalls ?? 0),
        }),
        { graphqlPoints: 0, restCalls: 0 },
      ),
    ]),
  );
}
