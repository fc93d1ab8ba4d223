import type { Db } from '../database';
import type { IncidentOverrideTable } from '../schema';
import { upsertRows } from './upsert';

export type IncidentOverrideInput = Omit<IncidentOverrideTable, 'created_at'> & { created_at: Date };

/** Sets (or replaces) the override of one incident. */
export async function upsertIncidentOverride(db: Db, override: IncidentOverrideInput): Promise<void> {
  await upsertRows(db, 'incident_overrides', [override], ['source', 'external_id']);
}

/** Removes the override of one incident; false when it had none. */
export async function deleteIncidentOverride(db: Db, key: { source: string; externalId: string }): Promise<boolean> {
  const result = await db
    .deleteFrom('incident_overrides')
    .where('source', '=', key.source)
    .where('external_id', '=', key.externalId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
