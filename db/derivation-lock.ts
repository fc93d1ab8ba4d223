import { sql } from 'kysely';
import type { Db } from './database';

/** One key for every process sharing a database: derivations never overlap. */
const DERIVATION_LOCK_KEY = 0x5a7ed_0002;

/**
 * Runs `work` holding the derivation lock on a connection of its own (`wait: false` gives up
 * at once when another process holds it). The lock dies with its connection, so a crashed
 * holder never blocks the next derivation; a lost connection is reported, not thrown twice.
 */
export async function withDerivationLock<T>(db: Db, wait: boolean, work: () => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    if (wait) await sql`select pg_advisory_lock(${DERIVATION_LOCK_KEY})`.execute(conn);
    else {
      const got = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${DERIVATION_LOCK_KEY}) as locked`.execute(
        conn,
      );
      if (!got.rows[0]?.locked) return null;
    }
    try {
      return await work();
    } finally {
      // After a server restart the lock is already gone with the old connection.
      await sql`select pg_advisory_unlock(${DERIVATION_LOCK_KEY})`.execute(conn).catch(() => undefined);
    }
  });
}
