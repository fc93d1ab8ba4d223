import type { z } from 'zod';
import type { Db } from '../db/database';
import {
  getSetting,
  GITHUB_BUDGETS_KEY,
  GITHUB_REST_BUDGETS_KEY,
  type GithubBudget,
  type GithubRestBudget,
} from '../db/writes/settings';
import { DAY_MS, now } from '../lib/clock';
import type { runProgress } from './responses';

export interface SyncStatus {
  demo: { anchor: string; loadedAt: string } | null;
  lastRun: {
    id: number;
    status: string;
    startedAt: string;
    finishedAt: string | null;
    error: string | null;
    apiCost: ApiCost;
  } | null;
  /** API budget spent by the syncs of the last 24 hours, per source. */
  apiCostLast24h: ApiCost;
  /** The run queued, collecting or deriving now, if any (its progress is at /api/v1/sync/runs/{id}). */
  activeRunId: number | null;
  /** What GitHub last said was left of each token's or App installation's GraphQL budget. */
  githubBudgets: Record<string, GithubBudget>;
  /** And of each one's REST budget (requests per hour; separate from GraphQL's). */
  githubRestBudgets: Record<string, GithubRestBudget>;
}

/** Per source: GitHub GraphQL points and REST calls (PagerDuty: REST calls). */
export type ApiCost = Record<string, { graphqlPoints: number; restCalls: number }>;

function addCost(total: ApiCost, cost: ApiCost): ApiCost {
  for (const [source, c] of Object.entries(cost)) {
    const t = (total[source] ??= { graphqlPoints: 0, restCalls: 0 });
    t.graphqlPoints += c.graphqlPoints ?? 0;
    t.restCalls += c.restCalls ?? 0;
  }
  return total;
}

/** What the shell shows in its header: demo or collected data, and the last sync. */
export async function getSyncStatus(db: Db): Promise<SyncStatus> {
  const [demo, run, recent, active, budgets, restBudgets] = await Promise.all([
    getSetting<{ anchor: string; loadedAt: string }>(db, 'demo'),
    // By id: with the clock pinned (PAVED_NOW) every run starts at the same instant.
    db
      .selectFrom('sync_runs')
      .selectAll()
      .where('status', 'in', ['succeeded', 'failed'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('sync_runs')
      .select('api_cost')
      .where('started_at', '>=', new Date(now().getTime() - DAY_MS))
      .execute(),
    db
      .selectFrom('sync_runs')
      .select('id')
      .where('status', 'in', ['queued', 'running', 'deriving'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    getSetting<Record<string, GithubBudget>>(db, GITHUB_BUDGETS_KEY),
    getSetting<Record<string, GithubRestBudget>>(db, GITHUB_REST_BUDGETS_KEY),
  ]);
  return {
    demo: demo ? { anchor: demo.anchor, loadedAt: demo.loadedAt } : null,
    lastRun: run
      ? {
          id: run.id,
          status: run.status,
          startedAt: run.started_at.toISOString(),
          finishedAt: run.finished_at?.toISOString() ?? null,
          error: run.error,
          apiCost: run.api_cost as ApiCost,
        }
      : null,
    apiCostLast24h: recent.reduce<ApiCost>((total, r) => addCost(total, r.api_cost as ApiCost), {}),
    activeRunId: active?.id ?? null,
    githubBudgets: budgets ?? {},
    githubRestBudgets: restBudgets ?? {},
  };
}

/** A run while it runs: how far its parts have got, what they cost, and what is being collected now (metrics/responses.ts). */
export type RunProgress = z.infer<typeof runProgress>;

export async function getRunProgress(db: Db, runId: number): Promise<RunProgress | null> {
  const run = await db.selectFrom('sync_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) return null;
  const parts = await db
    .selectFrom('sync_run_parts')
    .select(['source', 'scope', 'status', 'stream', 'graphql_points', 'rest_calls', 'job_id'])
    .where('run_id', '=', runId)
    .orderBy('scope')
    .execute();
  const settled = (p: (typeof parts)[number]) => p.status === 'done' || p.status === 'failed';
  const repositories = parts.filter((p) => p.source === 'github' && p.job_id !== 'plan');
  return {
    runId: run.id,
    status: run.status,
    trigger: run.trigger,
    startedAt: run.started_at.toISOString(),
    finishedAt: run.finished_at?.toISOString() ?? null,
    error: run.error,
    parts: {
      total: parts.length,
      settled: parts.filter(settled).length,
      failed: parts.filter((p) => p.status === 'failed').length,
    },
    repositories: { total: repositories.length, done: repositories.filter(settled).length },
    graphqlPoints: parts.reduce((sum, p) => sum + p.graphql_points, 0),
    restCalls: parts.reduce((sum, p) => sum + p.rest_calls, 0),
    current: parts
      .filter((p) => p.status === 'running')
      .map((p) => ({ source: p.source, scope: p.scope, stream: p.stream })),
  };
}
