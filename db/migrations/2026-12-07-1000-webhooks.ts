import { sql, type Kysely } from 'kysely';

/**
 * Webhooks: the inbox keeps every verified delivery (what it asked for, the job it caused and
 * when the figures caught up); requests that never reach the inbox (bad signatures, repeated
 * deliveries, malformed bodies) are counted per hour, so an attacker cannot grow a table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table webhook_deliveries (
      id bigserial primary key,
      source text not null check (source in ('github', 'pagerduty')),
      delivery_id text not null,
      event text not null,
      action text,
      -- What the delivery named: a repository's full name, an incident id; null when ignored.
      target text,
      received_at timestamptz not null default now(),
      body_sha256 text not null,
      outcome text not null check (outcome in ('queued', 'coalesced', 'ignored')),
      reason text,
      job_id text,
      refreshed_at timestamptz,
      figures_at timestamptz,
      error text,
      unique (source, delivery_id)
    );
    create index webhook_deliveries_received_idx on webhook_deliveries (source, received_at desc);
    create index webhook_deliveries_job_idx on webhook_deliveries (job_id) where job_id is not null;
    create index webhook_deliveries_waiting_idx on webhook_deliveries (refreshed_at)
      where refreshed_at is not null and figures_at is null;

    create table webhook_counts (
      source text not null,
      outcome text not null check (outcome in ('rejected', 'duplicate', 'malformed')),
      hour timestamptz not null,
      count integer not null,
      primary key (source, outcome, hour)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists webhook_counts;
    drop table if exists webhook_deliveries;
  `.execute(db);
}
