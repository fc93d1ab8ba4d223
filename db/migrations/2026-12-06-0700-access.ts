import { sql, type Kysely } from 'kysely';

/**
 * Access: API tokens (only their SHA-256 is kept), server-side sessions (so signing out or
 * revoking ends a session at once) and the audit log of what admins and sign-ins did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_tokens (
      id bigserial primary key,
      name text not null,
      role text not null check (role in ('viewer', 'admin')),
      token_hash text not null unique,
      -- The token's last characters, so an admin can tell tokens apart without the secret.
      hint text not null,
      created_by text not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );

    create table sessions (
      id_hash text primary key,
      subject text not null,
      email text,
      name text,
      role text not null check (role in ('viewer', 'admin')),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );
    create index sessions_expires_at_idx on sessions (expires_at);

    create table audit_log (
      id bigserial primary key,
      at timestamptz not null,
      actor text not null,
      action text not null,
      detail jsonb not null default '{}'
    );
    create index audit_log_at_idx on audit_log (at desc, id desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists audit_log;
    drop table if exists sessions;
    drop table if exists api_tokens;
  `.execute(db);
}
