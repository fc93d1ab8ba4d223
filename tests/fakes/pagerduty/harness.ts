import { createPagerdutySource } from '../../../collectors/pagerduty/source';
import { runSource, type ScopeReport } from '../../../collectors/source';
import type { Db } from '../../../db/database';
import { configSchema, type PagerdutyConfig } from '../../../lib/config-schema';
import { createLogger } from '../../../lib/logger';
import type { FakePagerduty } from './server';

export interface PagerdutyRun {
  reports: Record<string, ScopeReport>;
  /** Requests the fake received during this run (including 429s and refused ones). */
  requests: number;
  sleeps: number[];
  logs: string[];
}

/**
 * Runs the PagerDuty source against a fake, as the sync runner would, with back-off sleeps
 * recorded instead of waited and an optional `fetch` wrapper (to interrupt a run).
 */
export async function runPagerdutySource(
  db: Db,
  fake: FakePagerduty,
  options: {
    now: Date;
    full?: boolean;
    offsetCap?: number;
    timeoutMs?: number;
    pagerduty?: Partial<PagerdutyConfig>;
    fetch?: (inner: typeof fetch) => typeof fetch;
  } = { now: new Date() },
): Promise<PagerdutyRun> {
  const config = configSchema.parse({
    pagerduty: { apiUrl: fake.url, token: fake.options.token, ...options.pagerduty },
  });
  const reports: Record<string, ScopeReport> = {};
  const sleeps: number[] = [];
  const logs: string[] = [];
  const before = fake.requests.length;
  const source = createPagerdutySource({
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    offsetCap: options.offsetCap,
    timeoutMs: options.timeoutMs,
  });
  await runSource(source, {
    db,
    config,
    full: options.full ?? false,
    now: options.now,
    factPaths: [],
    log: createLogger('test', (line) => logs.push(line)),
    report: (scope, report) => void (reports[scope] = report),
    fetch: options.fetch ? options.fetch(fetch) : fetch,
  });
  return { reports, requests: fake.requests.length - before, sleeps, logs };
}

/** What the collector stored, without the write-time `updated_at` columns. */
export async function snapshotPagerduty(db: Db): Promise<unknown> {
  const incidents = await db
    .selectFrom('incidents')
    .select([
      'source',
      'external_id',
      'number',
      'pagerduty_service_id',
      'title',
      'urgency',
      'priority',
      'status',
      'created_at',
      'acknowledged_at',
      'resolved_at',
      'last_status_change_at',
      'html_url',
    ])
    .orderBy('external_id')
    .execute();
  const services = await db
    .selectFrom('pagerduty_services')
    .select(['id', 'name', 'status', 'escalation_policy_id', 'escalation_policy_name', 'teams', 'html_url', 'source'])
    .orderBy('id')
    .execute();
  const state = await db
    .selectFrom('sync_state')
    .select(['source', 'scope', 'stream', 'cursor', 'last_error'])
    .orderBy('stream')
    .orderBy('source')
    .orderBy('scope')
    .execute();
  return { incidents, services, state };
}
