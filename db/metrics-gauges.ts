import { sql } from 'kysely';
import client from 'prom-client';
import type { Db } from './database';
import {
  getSetting,
  GITHUB_BUDGETS_KEY,
  GITHUB_REST_BUDGETS_KEY,
  type GithubBudget,
  type GithubRestBudget,
} from './writes/settings';
import { metrics } from '../lib/telemetry/metrics';

/** A gauge the database could not answer for is left empty for this scrape rather than failing the others. */
async function guarded(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch {
    // Readiness (/api/ready) reports an unreachable database; a scrape still serves process metrics.
  }
}

/** How many recent runs the last-success gauge looks through (a bounded read at every scrape). */
const RECENT_RUNS = 200;

/**
 * What the database knows, read at each scrape of the web server's /metrics: every web
 * instance reports the same values (aggregate with `max`), and no worker needs to be reachable.
 */
export function registerDatabaseGauges(getDb: () => Promise<Db>): void {
  const families = metrics() as ReturnType<typeof metrics> & { databaseGauges?: true };
  if (families.databaseGauges) return;
  families.databaseGauges = true;
  const registers = [families.registry];
  new client.Gauge({
    name: 'paved_last_successful_sync_timestamp_seconds',
    help: 'When a sync run last ended with every part of this source collected (Unix time).',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      await guarded(async () => {
        const rows = await sql<{ source: string; at: number }>`
        select source, extract(epoch from max(finished_at))::float8 as at from (
          select p.source, r.finished_at
          from sync_runs r join sync_run_parts p on p.run_id = r.id
          where r.finished_at is not null
            and r.id > (select coalesce(max(id), 0) - ${RECENT_RUNS} from sync_runs)
          group by r.id, p.source, r.finished_at
          having bool_and(p.status = 'done')
        ) succeeded group by source`.execute(await getDb());
        this.reset();
        for (const row of rows.rows) this.set({ source: row.source }, row.at);
      });
    },
  });
  new client.Gauge({
    name: 'paved_queue_jobs',
    help: 'Jobs in the queue (pg-boss) per queue and state: created and retry wait, active run.',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      await guarded(async () => {
        const rows = await sql<{ name: string; state: string; jobs: number }>`
        select name, state::text as state, count(*)::int as jobs from pgboss.job
        where state in ('created', 'retry', 'active') group by name, state`.execute(await getDb());
        this.reset();
        for (const row of rows.rows) this.set({ queue: row.name, state: row.state }, row.jobs);
      });
    },
  });
  budgetGauge(registers, getDb, GITHUB_BUDGETS_KEY, {
    name: 'paved_github_points_remaining',
    help: 'GitHub GraphQL points left in the hour, as a sync last saw them, per token or App installation.',
    value: (seen) => seen.remaining,
  });
  budgetGauge(registers, getDb, GITHUB_REST_BUDGETS_KEY, {
    name: 'paved_github_rest_requests_remaining',
    help: 'GitHub REST requests left in the hour, as a sync last saw them (x-ratelimit-remaining), per token or App installation.',
    value: (seen) => seen.remaining,
  });
  budgetGauge(registers, getDb, GITHUB_REST_BUDGETS_KEY, {
    name: 'paved_github_rest_requests_limit',
    help: 'GitHub REST requests allowed per hour (x-ratelimit-limit), per token or App installation.',
    value: (seen) => seen.limit ?? null,
  });
  budgetGauge(registers, getDb, GITHUB_REST_BUDGETS_KEY, {
    name: 'paved_github_rest_requests_reset_timestamp_seconds',
    help: 'When GitHub resets the REST budget (x-ratelimit-reset, Unix time), per token or App installation.',
    value: (seen) => (seen.resetAt ? Date.parse(seen.resetAt) / 1000 : null),
  });
}

/** A gauge per token or App installation, read from the budgets the last syncs recorded. */
function budgetGauge(
  registers: client.Registry[],
  getDb: () => Promise<Db>,
  key: typeof GITHUB_BUDGETS_KEY | typeof GITHUB_REST_BUDGETS_KEY,
  family: { name: string; help: string; value: (seen: GithubBudget & Partial<GithubRestBudget>) => number | null },
): void {
  new client.Gauge({
    name: family.name,
    help: family.help,
    labelNames: ['budget'] as const,
    registers,
    async collect() {
      await guarded(async () => {
        const budgets =
          (await getSetting<Record<string, GithubBudget & Partial<GithubRestBudget>>>(await getDb(), key)) ?? {};
        this.reset();
        for (const [budget, seen] of Object.entries(budgets)) {
          const value = family.value(seen);
          if (value !== null) this.set({ budget }, value);
        }
      });
    },
  });
}
