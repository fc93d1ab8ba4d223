import { sql, type Kysely } from 'kysely';

/**
 * Syncs run as jobs on a PostgreSQL queue (pg-boss, in its own schema `pgboss`): a run is
 * planned once, then split into parts (one per repository, one per PagerDuty account) that
 * any worker may take. `sync_run_parts` is the run's ledger of those parts, so progress is
 * readable while it runs and a part retried after a crash is recognised, not counted twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Runs the in-process runner left behind cannot finish under the queue.
    update sync_runs set status = 'failed', finished_at = now(),
      error = 'interrupted (the process stopped before the sync finished)'
      where status = 'running';
    alter table sync_runs
      add column progress jsonb not null default '{}',
      add column heartbeat_at timestamptz,
      add column deadline_at timestamptz,
      add column scheduled_for timestamptz,
      -- Set once every part of the run is known; until then the run cannot be complete.
      add column planned_at timestamptz;
    -- A tick of the schedule seen by several workers asks for one run.
    create unique index sync_runs_scheduled_for_idx on sync_runs (scheduled_for);
    -- At most one run is queued or collecting at a time; a request meanwhile joins it.
    create unique index sync_runs_one_active_idx on sync_runs ((true)) where status in ('queued', 'running');

    create table sync_run_parts (
      run_id bigint not null references sync_runs(id) on delete cascade,
      source text not null,
      scope text not null,
      status text not null default 'queued',
      job_id text,
      -- What the part needs to run without listing again (a repository's head, ids, cursors' hints).
      input jsonb not null default '{}',
      worker text,
      stream text,
      attempts integer not null default 0,
      rows integer not null default 0,
      graphql_points integer not null default 0,
      rest_calls integer not null default 0,
      error text,
      started_at timestamptz,
      finished_at timestamptz,
      primary key (run_id, source, scope)
    );
    create index sync_run_parts_open_idx on sync_run_parts (run_id) where status in ('queued', 'running');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists sync_run_parts;
    drop index if exists sync_runs_one_active_idx;
    drop index if exists sync_runs_scheduled_for_idx;
    alter table sync_runs drop column if exists progress, drop column if exists heartbeat_at,
      drop column if exists deadline_at, drop column if exists scheduled_for,
      drop column if exists planned_at;
    drop schema if exists pgboss cascade;
  `.execute(db);
}
