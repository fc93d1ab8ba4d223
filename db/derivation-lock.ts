import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database';

/** One key for every process sharing a database: derivations never overlap. */
const DERIVATION_LOCK_KEY = 0x5a7ed_0002;
/** The first half of the two-part keys of collection scopes (the second is the scope's hash). */
const SCOPE_LOCK_CLASS = 0x5a7e_0003;

interface AdvisoryLock {
  lock: RawBuilder<unknown>;
  tryLock: RawBuilder<{ locked: boolean }>;
  unlock: RawBuilder<unknown>;
}

/**
 * Runs `work` holding `lock` on a connection of its own (`wait: false` gives up at once when
 * another process holds it). The lock dies with its connection, so a crashed holder never
 * blocks the next one; a lost connection is reported, not thrown twice.
 */
async function withLock<T>(db: Db, lock: AdvisoryLock, wait: boolean, work: () => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (conn) => {
    if (wait) await lock.lock.execute(conn);
    else if (!(await lock.tryLock.execute(conn)).rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      // After a server restart the lock is already gone with the old connection.
      await lock.unlock.execute(conn).catch(() => undefined);
    }
  });
}

/** Runs `work` holding the derivation lock (see `withLock`). */
export function withDerivationLock<T>(db: Db, wait: boolean, work: () => Promise<T>): Promise<T | null> {
  return withLock(
    db,
    {
      lock: sql`select pg_advisory_lock(${DERIVATION_LOCK_KEY})`,
      tryLock: sql<{ locked: boolean }>`select pg_try_advisory_lock(${DERIVATION_LOCK_KEY}) as locked`,
      unlock: sql`select pg_advisory_unlock(${DERIVATION_LOCK_KEY})`,
    },
    wait,
    work,
  );
}

/**
 * Runs `work` while no other process collects the same scope (`github:owner/name`,
 * `pagerduty:incidents`): a sync's part and a webhook's re-read of one repository take turns,
 * so their cursors and rows never interleave. Scopes ignore case, as GitHub's names do.
 */
export async function withScopeLock<T>(db: Db, scope: string, work: () => Promise<T>): Promise<T> {
  const key = scope.toLowerCase();
  const result = await withLock(
    db,
    {
      lock: sql`select pg_advisory_lock(${SCOPE_LOCK_CLASS}, hashtext(${key}))`,
      tryLock: sql<{ locked: boolean }>`select pg_try_advisory_lock(${SCOPE_LOCK_CLASS}, hashtext(${key})) as locked`,
      unlock: sql`select pg_advisory_unlock(${SCOPE_LOCK_CLASS}, hashtext(${key}))`,
    },
    true,
    async () => ({ value: await work() }),
  );
  return result!.value;
}
