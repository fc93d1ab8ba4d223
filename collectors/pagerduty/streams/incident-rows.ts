import type { Db } from '../../../db/database';
import { upsertIncidents } from '../../../db/writes/pagerduty';
import { saveCursor, type StreamKey } from '../../../db/writes/sync-state';
import type { PagerdutyClient } from '../client';
import { listIncidentLogEntries } from '../log-entries';
import {
  mergeWithStored,
  needsLogEntries,
  toIncidentRow,
  type IncidentRow,
  type StoredIncidentTimes,
} from '../map-incident';
import type { PagerdutyIncident } from '../schemas';

async function getStoredTimes(db: Db, ids: readonly string[]): Promise<Map<string, StoredIncidentTimes>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('incidents')
    .select(['external_id', 'status', 'acknowledged_at', 'resolved_at'])
    .where('source', '=', 'pagerduty')
    .where('external_id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.external_id, r]));
}

/**
 * Maps a page of incidents to rows, fetching log entries only for resolved incidents whose
 * resolve time is neither in the payload nor already stored.
 */
export async function toIncidentRows(
  db: Db,
  client: PagerdutyClient,
  incidents: readonly PagerdutyIncident[],
  now: Date,
): Promise<IncidentRow[]> {
  const stored = await getStoredTimes(
    db,
    incidents.map((i) => i.id),
  );
  const rows: IncidentRow[] = [];
  for (const incident of incidents) {
    const before = stored.get(incident.id);
    const knownResolve = before?.status === 'resolved' && before.resolved_at !== null;
    const logEntries =
      needsLogEntries(incident) && !knownResolve ? await listIncidentLogEntries(client, incident, now) : [];
    rows.push(mergeWithStored(toIncidentRow(incident, logEntries), before));
  }
  return rows;
}

/**
 * Writes one page and its bookmark in one transaction: a crash keeps both or neither.
 * @example await writeIncidentPage(db, key, rows, cursor, now)
 */
export async function writeIncidentPage(
  db: Db,
  key: StreamKey,
  rows: readonly IncidentRow[],
  cursor: unknown,
  now: Date,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const written = await upsertIncidents(trx, rows);
    await saveCursor(trx, key, cursor, now);
    return written;
  });
}
