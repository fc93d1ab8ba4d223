import { sql, type Kysely } from 'kysely';

/**
 * Tables the metrics engine derives after each sync, so requests aggregate small
 * precomputed rows instead of walking history. Ids are natural keys, stable across
 * re-derivations, so drill-down links never break.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table derived_deployments (
      -- "d<deployments.id>" for a GitHub deployment, "r<repository>-<run>-<attempt>" for a workflow run
      id text primary key,
      repository_id integer not null references repositories(id) on delete cascade,
      kind text not null,
      environment text not null,
      commit_oid text not null,
      deployed_at timestamptz not null,
      previous_id text,
      is_baseline boolean not null,
      commit_count integer not null,
      change_count integer not null,
      -- this deployment rolls back an earlier one (its commit is a strict ancestor of one deployed ≤ 24 h before)
      rollback_of text,
      has_revert boolean not null,
      has_hotfix boolean not null,
      -- failure evidence found in the repository's own history
      rolled_back_by text,
      reverted_by text,
      -- failure evidence from incidents, set by the second phase
      incident_keys text[] not null default '{}',
      during_incident boolean not null default false,
      failed boolean not null default false,
      failure_reasons text[] not null default '{}',
      recovered_at timestamptz,
      rework boolean not null default false,
      rework_reasons text[] not null default '{}'
    );
    create index derived_deployments_repo_time_idx on derived_deployments (repository_id, deployed_at);
    create index derived_deployments_time_idx on derived_deployments (deployed_at);
    create index derived_deployments_incidents_idx on derived_deployments using gin (incident_keys);

    create table derived_changes (
      repository_id integer not null references repositories(id) on delete cascade,
      -- "pr:<number>" or "commit:<oid>"
      change_key text not null,
      kind text not null,
      pull_request_number integer,
      commit_oid text not null,
      title text,
      author_login text,
      deployment_id text not null,
      deployed_at timestamptz not null,
      started_at timestamptz not null,
      lead_time_seconds double precision not null,
      coding_seconds double precision,
      pickup_seconds double precision,
      review_seconds double precision,
      deploy_seconds double precision,
      primary key (repository_id, change_key)
    );
    create index derived_changes_repo_time_idx on derived_changes (repository_id, deployed_at);
    create index derived_changes_deployment_idx on derived_changes (deployment_id);

    create table derivation_state (
      scope text primary key,
      fingerprint text not null,
      derived_at timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists derivation_state, derived_changes, derived_deployments cascade`.execute(db);
}
