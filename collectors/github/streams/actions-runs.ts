import { z } from 'zod';
import type { NewPipelineRun } from '../../../db/schema';
import { upsertPipelineRuns } from '../../../db/writes/github';
import { getCursor, saveCursor } from '../../../db/writes/sync-state';
import { maxIso, parseResponse, streamKey, type RepositoryScope } from '../scope';

export const workflowRun = z.object({
  id: z.number(),
  name: z.string().nullable().optional(),
  path: z.string().nullable().optional(),
  workflow_id: z.number().nullable().optional(),
  run_attempt: z.number().nullable().optional(),
  event: z.string().nullable().optional(),
  head_branch: z.string().nullable().optional(),
  head_sha: z.string().nullable().optional(),
  status: z.string().nullable(),
  conclusion: z.string().nullable().optional(),
  html_url: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  run_started_at: z.string().nullable().optional(),
});
export type WorkflowRun = z.infer<typeof workflowRun>;
const runsPage = z.object({ total_count: z.number(), workflow_runs: z.array(workflowRun) });

/** GitHub returns at most 1,000 runs for a filtered listing: larger windows are split. */
const LISTING_CAP = 1000;
const PER_PAGE = 100;
/** Scheduled or manually dispatched runs start without a push: look at least this often. */
const RECHECK_MS = 6 * 3_600_000;

export interface ActionsRunsCursor {
  since: string | null;
  inFlight: boolean;
  pushedAt: string | null;
  checkedAt: string | null;
  pass?: { from: string; to: string; end: string; page: number; newest: string | null; oldestInFlight: string | null };
}

/** Statuses of a run that has not finished; anything else (completed, or a conclusion word used as a status) is final. */
const UNFINISHED = new Set(['requested', 'in_progress', 'queued', 'pending', 'waiting']);
export const isRunFinished = (run: WorkflowRun) => !UNFINISHED.has((run.status ?? '').toLowerCase());

export function toPipelineRunRow(repositoryId: number, run: WorkflowRun): NewPipelineRun {
  return {
    repository_id: repositoryId,
    run_id: run.id,
    attempt: run.run_attempt ?? 1,
    workflow_id: run.workflow_id ?? null,
    workflow_name: run.name ?? '',
    workflow_path: run.path ?? null,
    event: run.event ?? null,
    branch: run.head_branch ?? null,
    head_sha: run.head_sha ?? null,
    status: (run.status ?? 'unknown').toLowerCase(),
    conclusion: run.conclusion ? run.conclusion.toLowerCase() : null,
    html_url: run.html_url ?? null,
    created_at: run.created_at,
    started_at: run.run_started_at ?? null,
    completed_at: isRunFinished(run) ? run.updated_at : null,
    updated_at: run.updated_at,
  };
}

/** Only what the product uses: default-branch runs, the configured deploy workflows, and pull-request CI. */
export function isWantedRun(run: WorkflowRun, defaultBranch: string, deployWorkflows: readonly string[]): boolean {
  if (run.head_branch === defaultBranch) return true;
  if (run.event === 'pull_request' || run.event === 'pull_request_target' || run.event === 'merge_group') return true;
  const file = run.path?.split('/').at(-1) ?? '';
  return deployWorkflows.some((w) => w === run.name || w === run.path || w === file);
}

/**
 * Workflow runs through REST (GraphQL has no per-repository run listing), by creation-time
 * windows `created=FROM..TO`, never their jobs. Skipped when nothing was pushed, no run was
 * in flight and the last look is recent.
 */
export async function syncActionsRuns(
  scope: RepositoryScope,
  pushedAt: string | null,
  deployWorkflows: readonly string[],
): Promise<{ rows: number }> {
  const key = streamKey(scope, 'actions-runs');
  const cursor = scope.full ? null : await getCursor<ActionsRunsCursor>(scope.db, key);
  const nowIso = scope.now.toISOString();
  if (
    cursor &&
    !cursor.pass &&
    !cursor.inFlight &&
    cursor.pushedAt === pushedAt &&
    cursor.checkedAt &&
    scope.now.getTime() - Date.parse(cursor.checkedAt) < RECHECK_MS
  )
    return { rows: 0 };
  const since = cursor?.since ?? scope.backfillSince;
  let pass = cursor?.pass ?? { from: since, to: nowIso, end: nowIso, page: 1, newest: null, oldestInFlight: null };
  let rows = 0;
  for (;;) {
    const raw = await scope.client.rest(`/repos/${scope.owner}/${scope.name}/actions/runs`, {
      created: `${pass.from}..${pass.to}`,
      per_page: PER_PAGE,
      page: pass.page,
      exclude_pull_requests: 'true',
    });
    const data = parseResponse(runsPage, raw, `${scope.fullName} actions/runs`);
    if (pass.page === 1 && data.total_count > LISTING_CAP && Date.parse(pass.to) - Date.parse(pass.from) > 60_000) {
      const middle = new Date((Date.parse(pass.from) + Date.parse(pass.to)) / 2).toISOString();
      pass = { ...pass, to: middle };
      continue;
    }
    const wanted = data.workflow_runs.filter((r) => isWantedRun(r, scope.defaultBranch, deployWorkflows));
    let { newest, oldestInFlight } = pass;
    for (const r of wanted) {
      newest = maxIso(newest, r.created_at);
      if (!isRunFinished(r) && (oldestInFlight === null || r.created_at < oldestInFlight))
        oldestInFlight = r.created_at;
    }
    const windowDone =
      data.workflow_runs.length < PER_PAGE || pass.page * PER_PAGE >= Math.min(data.total_count, LISTING_CAP);
    const passDone = windowDone && pass.to >= pass.end;
    const nextPass = windowDone
      ? { ...pass, from: pass.to, to: pass.end, page: 1, newest, oldestInFlight }
      : { ...pass, page: pass.page + 1, newest, oldestInFlight };
    const next: ActionsRunsCursor = passDone
      ? { since: oldestInFlight ?? newest ?? since, inFlight: oldestInFlight !== null, pushedAt, checkedAt: nowIso }
      : {
          since: cursor?.since ?? null,
          inFlight: cursor?.inFlight ?? false,
          pushedAt: cursor?.pushedAt ?? null,
          checkedAt: cursor?.checkedAt ?? null,
          pass: nextPass,
        };
    await scope.db.transaction().execute(async (trx) => {
      rows += await upsertPipelineRuns(
        trx,
        wanted.map((r) => toPipelineRunRow(scope.repositoryId, r)),
      );
      await saveCursor(trx, key, next, scope.now);
    });
    if (!next.pass) return { rows };
    pass = next.pass;
  }
}
