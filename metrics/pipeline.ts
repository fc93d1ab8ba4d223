import { sql } from 'kysely';
import type { Db } from '../db/database';

export interface PipelineQuery {
  repositoryIds: readonly number[];
  from: Date;
  to: Date;
  /** A workflow name or file path (`ci.yml` matches `.github/workflows/ci.yml`). */
  workflow?: string;
  branch?: string;
}

export interface PipelineFigures {
  /** Runs created in the window (latest attempt of each). */
  runs: number;
  /** Runs that finished with a verdict: success, failure, timed_out or startup_failure. */
  finished: number;
  succeeded: number;
  /** succeeded ÷ finished; null when nothing finished. */
  successRate: number | null;
  /** Median wall time (start → completion) of successful runs. */
  medianDurationSeconds: number | null;
}

// GitHub sets a conclusion only once a run completes, so the conclusion alone decides
// (recorded statuses are not always the word "completed"). Cancelled, skipped, neutral
// and stale runs say nothing about the pipeline's health (a newer push usually cancelled
// them), so they count on neither side of the rate.
const VERDICTS = ['success', 'failure', 'timed_out', 'startup_failure'];

/**
 * CI success rate and median duration of a set of repositories' workflow runs, counting
 * each run once at its latest attempt.
 * @example await getPipelineFigures(db, { repositoryIds: [1], from, to, workflow: 'ci.yml' })
 */
export async function getPipelineFigures(db: Db, query: PipelineQuery): Promise<PipelineFigures> {
  if (query.repositoryIds.length === 0)
    return { runs: 0, finished: 0, succeeded: 0, successRate: null, medianDurationSeconds: null };
  let runs = db
    .selectFrom('pipeline_runs')
    .distinctOn(['repository_id', 'run_id'])
    .select(['repository_id', 'run_id', 'status', 'conclusion', 'created_at', 'started_at', 'completed_at'])
    .where('repository_id', 'in', [...query.repositoryIds])
    .where('created_at', '>=', query.from)
    .where('created_at', '<', query.to)
    .orderBy('repository_id')
    .orderBy('run_id')
    .orderBy('attempt', 'desc');
  if (query.branch) runs = runs.where('branch', '=', query.branch);
  if (query.workflow) {
    const w = query.workflow;
    runs = runs.where((eb) =>
      eb.or([
        eb('workflow_name', '=', w),
        eb('workflow_path', '=', w),
        eb('workflow_path', 'like', `%/${w.replace(/[%_\\]/g, '\\$&')}`),
      ]),
    );
  }
  const row = await db
    .selectFrom(runs.as('r'))
    .select([
      sql<number>`count(*)::int`.as('runs'),
      sql<number>`count(*) filter (where lower(r.conclusion) in (${sql.join(VERDICTS)}))::int`.as('finished'),
      sql<number>`count(*) filter (where lower(r.conclusion) = 'success')::int`.as('succeeded'),
      sql<
        number | null
      >`percentile_cont(0.5) within group (order by extract(epoch from r.completed_at - coalesce(r.started_at, r.created_at))) filter (where lower(r.conclusion) = 'success' and r.completed_at is not null)`.as(
        'median',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    runs: row.runs,
    finished: row.finished,
    succeeded: row.succeeded,
    successRate: row.finished > 0 ? row.succeeded / row.finished : null,
    medianDurationSeconds: row.median === null ? null : Number(row.median),
  };
}
