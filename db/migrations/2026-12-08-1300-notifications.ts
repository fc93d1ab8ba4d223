import { sql, type Kysely } from 'kysely';

/**
 * Digests and regression alerts. A notification is one message as it was due (its content kept,
 * so a retry sends the same words); its `key` is unique, so a digest tick or a regression seen by
 * several workers, or by a second sync, makes one. Each channel it goes to is a delivery, sent by
 * the job queue and retried there. Baselines are the last state each alert watches.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notifications (
      id bigserial primary key,
      key text not null unique,
      kind text not null check (kind in ('digest', 'alert', 'test')),
      -- The team's slug; null for the organisation.
      team text,
      message jsonb not null,
      created_at timestamptz not null
    );
    create index notifications_created_idx on notifications (created_at desc);

    create table notification_deliveries (
      id bigserial primary key,
      notification_id bigint not null references notifications (id) on delete cascade,
      -- Which configured channel: 'slack:ENV_NAME', 'teams:ENV_NAME' or 'email:address,…'.
      channel text not null,
      status text not null check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      error text,
      sent_at timestamptz,
      updated_at timestamptz not null,
      unique (notification_id, channel)
    );
    create index notification_deliveries_status_idx on notification_deliveries (status, updated_at desc);

    create table notification_baselines (
      subject text primary key,
      value text not null,
      since timestamptz not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists notification_baselines;
    drop table if exists notification_deliveries;
    drop table if exists notifications;
  `.execute(db);
}
