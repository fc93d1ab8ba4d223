import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import type { Database } from './schema';

export type Db = Kysely<Database>;

// pg returns int8 and numeric as strings; every count and id Paved reads fits a double.
pg.types.setTypeParser(20, (value) => Number(value));
pg.types.setTypeParser(1700, (value) => Number(value));
// A `date` is a calendar day, not an instant: keep its text (2026-06-01) rather than a Date at
// local midnight, so it reads back as the string db/schema.ts declares.
pg.types.setTypeParser(1082, (value) => value);

/** A Kysely instance on its own pool. Callers that create one destroy it. */
export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: 'paved' });
  // A server restart errors every client: idle ones through the pool, checked-out ones (a held
  // lock, a transaction between statements) on themselves. Neither may crash the process; the
  // query in flight, or the next one, reports it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

interface ProcessDatabase {
  db: Db;
  url: string;
  embedded: EmbeddedServer | null;
}

type GlobalWithDb = typeof globalThis & { __pavedDatabase?: Promise<ProcessDatabase> };

/**
 * The one database of this process: `DATABASE_URL`, or the embedded server (started or
 * attached). Kept on globalThis because Next.js route handlers, server components and
 * instrumentation are separate bundles that must share one pool.
 */
export function getProcessDatabase(): Promise<ProcessDatabase> {
  const g = globalThis as GlobalWithDb;
  g.__pavedDatabase ??= (async () => {
    const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres();
    const url = process.env.DATABASE_URL || embedded!.url;
    return { db: createDb(url), url, embedded };
  })().catch((error: unknown) => {
    g.__pavedDatabase = undefined;
    throw error;
  });
  return g.__pavedDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getProcessDatabase()).db;
}

/** Closes the pool and stops the embedded server if this process started it. */
export async function closeProcessDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const current = g.__pavedDatabase;
  g.__pavedDatabase = undefined;
  if (!current) return;
  const { db, embedded } = await current.catch(() => ({ db: null, embedded: null }));
  await db?.destroy();
  await embedded?.stop();
}
