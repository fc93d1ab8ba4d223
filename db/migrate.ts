import { Migrator } from 'kysely';
import type { Db } from './database';
import { LATEST_MIGRATION, migrationProvider } from './migrations';

function migrator(db: Db): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

/** Applies pending migrations under Kysely's migration lock; safe to call from several processes. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(
      `migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied. */
export async function migrationsCurrent(db: Db): Promise<{ current: boolean; pending: string[] }> {
  const all = await migrator(db).getMigrations();
  const pending = all.filter((m) => !m.executedAt).map((m) => m.name);
  return { current: pending.length === 0 && all.some((m) => m.name === LATEST_MIGRATION), pending };
}
