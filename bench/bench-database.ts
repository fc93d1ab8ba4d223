import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createDb, type Db } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';

/**
 * A fresh, migrated database for one benchmark: on `DATABASE_URL`'s server, else on an
 * embedded server under .test-data/bench. `close()` drops it and stops what it started.
 */
export async function openBenchDatabase(
  options: { max?: number } = {},
): Promise<{ db: Db; url: string; close(): Promise<void> }> {
  const server = process.env.DATABASE_URL ? null : await startEmbeddedPostgres(path.resolve('.test-data/bench'));
  const adminUrl = process.env.DATABASE_URL ?? server!.url;
  const name = `paved_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: options.max ?? 5 });
  await migrateToLatest(db);
  return {
    db,
    url: url.toString(),
    async close() {
      await db.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
      await server?.stop();
    },
  };
}
