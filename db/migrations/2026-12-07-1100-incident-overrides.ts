import { sql, type Kysely } from 'kysely';

/**
 * Corrections people make to incident attribution: an incident "not caused by a change", or
 * attached to another deployment. Kept apart from the derived rows, which the derivation reads
 * them into, so they survive every re-derivation; who, when and why are kept with them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table incident_overrides (
      source text not null,
      external_id text not null,
      action text not null check (action in ('not_caused_by_change', 'attach')),
      deployment_id text,
      reason text not null,
      created_by text not null,
      created_at timestamptz not null,
      primary key (source, external_id),
      check ((action = 'attach') = (deployment_id is not null))
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists incident_overrides`.execute(db);
}
