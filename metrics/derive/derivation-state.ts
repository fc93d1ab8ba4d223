import type { Db } from '../../db/database';
import { upsertRows } from '../../db/writes/upsert';

/** Records the fingerprint of what a scope (`config`, `repo:<id>`, `repo2:<id>`) was last derived from. */
export async function saveState(db: Db, scope: string, fingerprint: string, at: Date): Promise<void> {
  await upsertRows(db, 'derivation_state', [{ scope, fingerprint, derived_at: at }], ['scope']);
}

export const utcDayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
