import type { Db } from '../../../db/database';
import type { Logger } from '../../../lib/logger';
import { PagerdutyError, type PagerdutyClient } from '../client';
import type { IncidentRow } from '../map-incident';
import { incidentResponseSchema, incidentsPageSchema, type PagerdutyIncident } from '../schemas';
import { toIncidentRows } from './incident-rows';

const PAGE_SIZE = 100;
const FETCH_BATCH = 25;

export interface OpenIncidentOptions {
  serviceIds: readonly string[];
  now: Date;
  log: Logger;
  /** Writes one batch of rows (with the stream's bookmark) in one transaction. */
  write(rows: IncidentRow[]): Promise<number>;
}

/** Stored incidents of the selected services that were not resolved when last read. */
async function listStoredOpenIds(db: Db, serviceIds: readonly string[]): Promise<string[]> {
  let query = db
    .selectFrom('incidents')
    .select('external_id')
    .where('source', '=', 'pagerduty')
    .where('status', '<>', 'resolved');
  if (serviceIds.length > 0) query = query.where('pagerduty_service_id', 'in', [...serviceIds]);
  return (await query.orderBy('external_id').execute()).map((r) => r.external_id);
}

/**
 * Brings every incident that was open at the last sync up to date, whatever its age:
 * one listing of the incidents open now (any creation date), then one GET per stored open
 * incident that is no longer in it (it was resolved since). Returns rows written.
 */
export async function refreshOpenIncidents(
  db: Db,
  client: PagerdutyClient,
  options: OpenIncidentOptions,
): Promise<number> {
  const openNow = new Set<string>();
  const serviceIds = options.serviceIds.length > 0 ? options.serviceIds : undefined;
  let rows = 0;
  for (let offset = 0; offset + PAGE_SIZE <= client.offsetCap; offset += PAGE_SIZE) {
    const page = await client.getParsed(
      '/incidents',
      {
        date_range: 'all',
        statuses: ['triggered', 'acknowledged'],
        service_ids: serviceIds,
        time_zone: 'UTC',
        sort_by: 'created_at:asc',
        limit: PAGE_SIZE,
        offset,
      },
      incidentsPageSchema,
    );
    for (const incident of page.incidents) openNow.add(incident.id);
    rows += await options.write(await toIncidentRows(db, client, page.incidents, options.now));
    // Past the offset cap the remaining open incidents are still fetched one by one below.
    if (!page.more) break;
  }

  const changed = (await listStoredOpenIds(db, options.serviceIds)).filter((id) => !openNow.has(id));
  for (let i = 0; i < changed.length; i += FETCH_BATCH) {
    const incidents: PagerdutyIncident[] = [];
    for (const id of changed.slice(i, i + FETCH_BATCH)) {
      const path = `/incidents/${encodeURIComponent(id)}`;
      try {
        incidents.push((await client.getParsed(path, {}, incidentResponseSchema)).incident);
      } catch (error) {
        // A deleted incident (or one of a deleted service) cannot be refreshed; keep what we have.
        if (error instanceof PagerdutyError && error.status === 404)
          options.log.warn(`incident ${id} is gone from PagerDuty (404); keeping its last known state`);
        else throw error;
      }
    }
    rows += await options.write(await toIncidentRows(db, client, incidents, options.now));
  }
  return rows;
}
