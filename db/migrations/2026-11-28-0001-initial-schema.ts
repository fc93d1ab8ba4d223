import { sql, type Kysely } from 'kysely';

/**
 * The first schema: everything the collectors write and the derivations read.
 * Every collected table has a natural unique key, so each collector write is an
 * idempotent upsert. SQL stays within PostgreSQL 15.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table teams (
      id serial primary key,
      slug text not null unique,
      name text not null,
      source text not null,
      updated_at timestamptz not null default now()
    );

    create table services (
      id serial primary key,
      slug text not null unique,
      name text not null,
      team_id integer references teams(id) on delete set null,
      lifecycle text,
      tier text,
      type text,
      description text,
      source text not null,
      updated_at timestamptz not null default now()
    );
    create index services_team_idx on services (team_id);

    create table repositories (
      id serial primary key,
      full_name text not null unique,
      owner text not null,
      name text not null,
      node_id text,
      url text,
      default_branch text,
      archived boolean not null default false,
      fork boolean not null default false,
      visibility text,
      topics text[] not null default '{}',
      description text,
      license text,
      delete_branch_on_merge boolean,
      pushed_at timestamptz,
      source text not null,
      updated_at timestamptz not null default now()
    );

    create table service_repositories (
      service_id integer not null references services(id) on delete cascade,
      repository_id integer not null references repositories(id) on delete cascade,
      source text not null,
      primary key (service_id, repository_id)
    );
    create index service_repositories_repo_idx on service_repositories (repository_id);

    create table pagerduty_services (
      id text primary key,
      name text not null,
      status text,
      escalation_policy_id text,
      escalation_policy_name text,
      teams jsonb not null default '[]',
      html_url text,
      source text not null,
      updated_at timestamptz not null default now()
    );

    create table service_pagerduty_services (
      service_id integer not null references services(id) on delete cascade,
      pagerduty_service_id text not null,
      source text not null,
      primary key (service_id, pagerduty_service_id)
    );
    create index service_pagerduty_services_pd_idx on service_pagerduty_services (pagerduty_service_id);

    create table commits (
      repository_id integer not null references repositories(id) on delete cascade,
      oid text not null,
      parent_oids text[] not null default '{}',
      authored_at timestamptz not null,
      committed_at timestamptz not null,
      author_login text,
      author_email text,
      message_headline text not null default '',
      -- The full message only where it says "This reverts commit": revert detection needs it, nothing else does.
      message text,
      associated_pull_request_numbers integer[] not null default '{}',
      primary key (repository_id, oid)
    );
    create index commits_repo_committed_idx on commits (repository_id, committed_at);
    create index commits_reverts_idx on commits (repository_id) where message is not null;

    create table pull_requests (
      repository_id integer not null references repositories(id) on delete cascade,
      number integer not null,
      node_id text,
      title text not null,
      author_login text,
      state text not null,
      draft boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      merged_at timestamptz,
      closed_at timestamptz,
      merge_commit_oid text,
      base_ref text,
      head_ref text,
      labels text[] not null default '{}',
      first_commit_authored_at timestamptz,
      first_review_at timestamptz,
      first_reviewer_login text,
      additions integer,
      deletions integer,
      commit_count integer,
      primary key (repository_id, number)
    );
    create index pull_requests_merge_commit_idx on pull_requests (repository_id, merge_commit_oid);
    create index pull_requests_merged_idx on pull_requests (repository_id, merged_at);

    create table pull_request_commits (
      repository_id integer not null references repositories(id) on delete cascade,
      pull_request_number integer not null,
      oid text not null,
      authored_at timestamptz,
      primary key (repository_id, pull_request_number, oid)
    );
    create index pull_request_commits_oid_idx on pull_request_commits (repository_id, oid);

    create table deployments (
      id bigserial primary key,
      repository_id integer not null references repositories(id) on delete cascade,
      source text not null,
      external_id text not null,
      environment text not null,
      commit_oid text not null,
      ref text,
      creator_login text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      -- [{ state, createdAt, description? }] oldest first, as GitHub reports them.
      statuses jsonb not null default '[]',
      latest_state text,
      -- createdAt of the earliest SUCCESS status; null for an attempt that never succeeded.
      deployed_at timestamptz,
      unique (repository_id, source, external_id)
    );
    create index deployments_repo_env_deployed_idx on deployments (repository_id, lower(environment), deployed_at);
    create index deployments_deployed_idx on deployments (deployed_at);

    create table pipeline_runs (
      repository_id integer not null references repositories(id) on delete cascade,
      run_id bigint not null,
      attempt integer not null default 1,
      workflow_id bigint,
      workflow_name text not null,
      workflow_path text,
      event text,
      branch text,
      head_sha text,
      status text not null,
      conclusion text,
      html_url text,
      created_at timestamptz not null,
      started_at timestamptz,
      completed_at timestamptz,
      updated_at timestamptz not null,
      primary key (repository_id, run_id, attempt)
    );
    create index pipeline_runs_repo_created_idx on pipeline_runs (repository_id, created_at);

    create table incidents (
      source text not null,
      external_id text not null,
      number integer,
      pagerduty_service_id text not null,
      title text not null,
      urgency text,
      priority text,
      status text not null,
      created_at timestamptz not null,
      acknowledged_at timestamptz,
      resolved_at timestamptz,
      last_status_change_at timestamptz,
      html_url text,
      updated_at timestamptz not null default now(),
      primary key (source, external_id)
    );
    create index incidents_service_created_idx on incidents (pagerduty_service_id, created_at);
    create index incidents_open_idx on incidents (source, pagerduty_service_id) where resolved_at is null;

    create table repository_facts (
      repository_id integer primary key references repositories(id) on delete cascade,
      collected_at timestamptz not null,
      version integer not null default 1,
      facts jsonb not null
    );

    create table sync_state (
      source text not null,
      scope text not null,
      stream text not null,
      cursor jsonb,
      last_success_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (source, scope, stream)
    );

    create table sync_runs (
      id bigserial primary key,
      trigger text not null,
      full_sync boolean not null default false,
      status text not null,
      started_at timestamptz not null,
      finished_at timestamptz,
      -- { "<source>": { "<scope>": { rows, graphqlPoints, restCalls } } }
      counts jsonb not null default '{}',
      api_cost jsonb not null default '{}',
      error text,
      instance text
    );
    create index sync_runs_started_idx on sync_runs (started_at desc);

    create table settings (
      key text primary key,
      value jsonb not null,
      updated_at timestamptz not null default now()
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists settings, sync_runs, sync_state, repository_facts, incidents, pipeline_runs,
      deployments, pull_request_commits, pull_requests, commits, service_pagerduty_services,
      pagerduty_services, service_repositories, repositories, services, teams cascade;
  `.execute(db);
}
