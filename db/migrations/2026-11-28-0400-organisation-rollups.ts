import { sql, type Kysely } from 'kysely';

/**
 * Organisation-wide daily and monthly rollups of the derived facts, so an organisation's
 * figures over a year sum a few thousand rows instead of sorting hundreds of thousands.
 * Percentiles stay exact: a histogram over log-spaced buckets finds the bucket that holds
 * a rank, and the expression indexes below read that bucket's values in order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Buckets about 2% wide, ordered like the values (negative, zero, positive), so bucket order is value order.
    create function paved_bucket(v double precision) returns integer
      language sql immutable strict parallel safe
      return case when v > 0 then 1 + floor(ln(v + 1) / ln(1.02))::integer
                  when v < 0 then -1 - floor(ln(1 - v) / ln(1.02))::integer
                  else 0 end;

    create table org_rollup_days (
      day date primary key,
      deployments integer not null,
      failed integer not null,
      rework integer not null,
      -- the first and last deploy time of the day: a window that starts mid-day splits a day between two buckets
      first_deployed_at timestamptz,
      last_deployed_at timestamptz,
      incidents integer not null
    );

    create table org_rollup_histograms (
      period text not null check (period in ('day', 'month')),
      period_start date not null,
      metric text not null,
      bucket integer not null,
      samples integer not null,
      min_value double precision not null,
      max_value double precision not null,
      primary key (period, period_start, metric, bucket)
    );

    -- Days whose derived rows changed since the rollups were refreshed; requests over them read the derived rows.
    create table org_rollup_dirty_days (day date primary key);

    create table org_rollup_state (
      singleton boolean primary key default true check (singleton),
      config_key text not null,
      -- which repositories and PagerDuty services the organisation pooled when the rollups were built
      membership text not null,
      built_at timestamptz not null
    );

    create index derived_changes_time_idx on derived_changes (deployed_at);
    create index incidents_created_idx on incidents (created_at);
    create index derived_changes_lead_bucket_idx on derived_changes (paved_bucket(lead_time_seconds), deployed_at) include (lead_time_seconds, repository_id)
      where lead_time_seconds > 0;
    create index derived_changes_coding_bucket_idx on derived_changes (paved_bucket(coding_seconds), deployed_at) include (coding_seconds, repository_id)
      where kind = 'pull_request' and lead_time_seconds > 0 and coding_seconds is not null;
    create index derived_changes_pickup_bucket_idx on derived_changes (paved_bucket(pickup_seconds), deployed_at) include (pickup_seconds, repository_id)
      where kind = 'pull_request' and lead_time_seconds > 0 and pickup_seconds is not null;
    create index derived_changes_review_bucket_idx on derived_changes (paved_bucket(review_seconds), deployed_at) include (review_seconds, repository_id)
      where kind = 'pull_request' and lead_time_seconds > 0 and review_seconds is not null;
    create index derived_changes_deploy_bucket_idx on derived_changes (paved_bucket(deploy_seconds), deployed_at) include (deploy_seconds, repository_id)
      where kind = 'pull_request' and lead_time_seconds > 0 and deploy_seconds is not null;
    create index derived_deployments_recovery_bucket_idx on derived_deployments (paved_bucket(extract(epoch from recovered_at - deployed_at)::float8), deployed_at)
      where failed and recovered_at is not null;
    create index incidents_restore_bucket_idx on incidents (paved_bucket(extract(epoch from resolved_at - created_at)::float8), created_at)
      where resolved_at is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists derived_changes_time_idx, incidents_created_idx, derived_changes_lead_bucket_idx, derived_changes_coding_bucket_idx, derived_changes_pickup_bucket_idx,
      derived_changes_review_bucket_idx, derived_changes_deploy_bucket_idx, derived_deployments_recovery_bucket_idx, incidents_restore_bucket_idx;
    drop table if exists org_rollup_state, org_rollup_dirty_days, org_rollup_histograms, org_rollup_days;
    drop function if exists paved_bucket(double precision);
  `.execute(db);
}
