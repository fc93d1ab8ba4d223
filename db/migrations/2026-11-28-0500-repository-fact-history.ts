import { sql, type Kysely } from 'kysely';

/**
 * Repository facts as they were at past instants. `repository_facts` holds only the latest
 * collection; a source that knows earlier states (the demo organisation, generated in one
 * go) records them here, and the scorecards evaluate the days they cover after the fact.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table repository_fact_history (
      repository_id integer not null references repositories(id) on delete cascade,
      collected_at timestamptz not null,
      version integer not null default 1,
      facts jsonb not null,
      primary key (repository_id, collected_at)
    );
    create index repository_fact_history_collected_idx on repository_fact_history (collected_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists repository_fact_history`.execute(db);
}
