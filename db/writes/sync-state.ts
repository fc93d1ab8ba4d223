import type { Db } from '../database';

export interface StreamKey {
  source: string;
  scope: string;
  stream: string;
}

/** The stream's bookmark, or null before its first successful page. */
export async function getCursor<T>(db: Db, key: StreamKey): Promise<T | null> {
  const row = await db
    .selectFrom('sync_state')
    .select('cursor')
    .where('source', '=', key.source)
    .where('scope', '=', key.scope)
    .where('stream', '=', key.stream)
    .executeTakeFirst();
  return (row?.cursor as T | undefined) ?? null;
}

/**
 * Advances a bookmark. Call it inside the transaction that wrote the page's rows, so a
 * crash either keeps both or neither (Singer: checkpoint only after records are durable).
 */
export async function saveCursor(db: Db, key: StreamKey, cursor: unknown, at: Date): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({
      ...key,
      cursor: JSON.stringify(cursor),
      last_success_at: at,
      last_error: null,
      last_error_at: null,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['source', 'scope', 'stream']).doUpdateSet({
        cursor: JSON.stringify(cursor),
        last_success_at: at,
        last_error: null,
        last_error_at: null,
        updated_at: at,
      }),
    )
    .execute();
}

/** Records a failed stream run without touching its cursor. */
export async function recordStreamError(db: Db, key: StreamKey, message: string, at: Date): Promise<void> {
  await db
    .insertInto('sync_state')
    .values({ ...key, cursor: null, last_error: message, last_error_at: at, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['source', 'scope', 'stream']).doUpdateSet({ last_error: message, last_error_at: at, updated_at: at }),
    )
    .execute();
}
