import { sql, type Kysely } from 'kysely';

/**
 * A repository gone from GitHub (deleted, or no longer visible to Paved) is kept with its history
 * and marked removed: it stops counting, like an archived one, and counts again if it returns.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table repositories add column removed_at timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table repositories drop column if exists removed_at`.execute(db);
}
