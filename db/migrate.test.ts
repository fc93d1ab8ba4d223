import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { createDb } from './database';
import { migrateToLatest, migrationsCurrent } from './migrate';
import { migrationProvider } from './migrations';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.drop());

  it('apply once, concurrently from several processes, and are then current', async () => {
    expect((await migrationsCurrent(t.db)).current).toBe(false);
    const other = createDb(t.url, { max: 2 });
    try {
      // Kysely's migration lock serialises them: one applies, the other finds nothing to do.
      const [a, b] = await Promise.all([migrateToLatest(t.db), migrateToLatest(other)]);
      expect([...a, ...b]).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
    } finally {
      await other.destroy();
    }
    expect(await migrateToLatest(t.db)).toEqual([]);
    expect(await migrationsCurrent(t.db)).toEqual({ current: true, pending: [] });
  });

  it('create the tables with their natural keys', async () => {
    const { rows } = await sql<{ table_name: string; key: string }>`
      select tc.table_name, string_agg(kcu.column_name, ',' order by kcu.ordinal_position) as key
      from information_schema.table_constraints tc
      join information_schema.key_column_usage kcu using (constraint_schema, constraint_name)
      where tc.table_schema = 'public' and tc.constraint_type in ('PRIMARY KEY', 'UNIQUE')
        and tc.table_name in ('commits', 'pull_requests', 'deployments', 'pipeline_runs', 'incidents', 'sync_state', 'repositories', 'services', 'teams')
      group by tc.table_name, tc.constraint_name
      order by 1, 2`.execute(t.db);
    expect(rows).toEqual(
      expect.arrayContaining([
        { table_name: 'commits', key: 'repository_id,oid' },
        { table_name: 'pull_requests', key: 'repository_id,number' },
        { table_name: 'deployments', key: 'repository_id,source,external_id' },
        { table_name: 'pipeline_runs', key: 'repository_id,run_id,attempt' },
        { table_name: 'incidents', key: 'source,external_id' },
        { table_name: 'sync_state', key: 'source,scope,stream' },
        { table_name: 'repositories', key: 'full_name' },
        { table_name: 'services', key: 'slug' },
        { table_name: 'teams', key: 'slug' },
      ]),
    );
  });
});
