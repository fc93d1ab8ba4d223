import type { Db } from '../../../db/database';
import { upsertIncidents } from '../../../db/writes/pagerduty';
import type { Logger } from '../../../lib/logger';
import { PagerdutyError, type PagerdutyClient } from '../client';
import { incidentResponseSchema } from '../schemas';
import { toIncidentRows } from './incident-rows';

/**
 * A webhook's re-read of one incident: its current state from the API (with log entries when
 * its resolve time needs them), written like any page. The incidents stream's cursor is not
 * touched; the next sync reads the incident again anyway. Returns rows written.
 */
export async function refreshIncident(
  db: Db,
  client: PagerdutyClient,
  id: string,
  options: { serviceIds: readonly string[]; now: Date; log: Logger },
): Promise<number> {
  let incident;
  try {
    incident = (await client.getParsed(`/incidents/${encodeURIComponent(id)}`, {}, incidentResponseSchema)).incident;
  } catch (error) {
    if (!(error instanceof PagerdutyError) || error.status !== 404) throw error;
    options.log.warn(`incident ${id} is gone from PagerDuty (404); keeping its last known state`);
    return 0;
  }
  if (options.serviceIds.length > 0 && !options.serviceIds.includes(incident.service.id)) return 0;
  return upsertIncidents(db, await toIncidentRows(db, client, [incident], options.now));
}
