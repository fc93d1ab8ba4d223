import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { loadConfig } from '../../lib/config';
import { deriveAll } from '../../scorecards/derive-all';
import { useConfig } from './access';
import { createTestDatabase, type TestDatabase } from './test-db';
import { closeWebProcess } from './web-process';

/**
 * A database of its own holding the demo organisation as of `now`, derived under `config` (YAML),
 * with the process's database, clock and config pointed at it so route handlers read it too.
 * `close` undoes that.
 * @example const demo = await openDemoOrganisation('2026-06-01T12:00:00Z', 'schedule:\n  enabled: false\n')
 */
export async function openDemoOrganisation(now: string, config: string): Promise<TestDatabase> {
  const t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = now;
  useConfig(config);
  await loadDemoOrganisation(t.db, { at: new Date(now) });
  await deriveAll(t.db, loadConfig());
  return {
    ...t,
    async drop() {
      delete process.env.PAVED_NOW;
      await closeWebProcess();
      await t.drop();
    },
  };
}

/** A repository of the demo organisation by full name, and the oid of its latest commit: where a test's new history starts. */
export async function repositoryHead(db: TestDatabase['db'], fullName: string): Promise<{ id: number; oid: string }> {
  const repo = await db
    .selectFrom('repositories')
    .select('id')
    .where('full_name', '=', fullName)
    .executeTakeFirstOrThrow();
  const head = await db
    .selectFrom('commits')
    .select('oid')
    .where('repository_id', '=', repo.id)
    .orderBy('committed_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: repo.id, oid: head.oid };
}
