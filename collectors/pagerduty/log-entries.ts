import { DAY_MS } from '../../lib/clock';
import type { PagerdutyClient } from './client';
import { logEntriesPageSchema, type PagerdutyIncident, type PagerdutyLogEntry } from './schemas';

const PAGE_SIZE = 100;
// since/until spans are capped at 6 months; 180 days is shorter than any 6 calendar months.
const MAX_SPAN_MS = 180 * DAY_MS;

/**
 * The incident's log entries from its creation up to `until`, in 180-day windows, stopping
 * at the first window that holds a resolve entry (nothing follows a resolve).
 * @example listIncidentLogEntries(client, incident, now)
 */
export async function listIncidentLogEntries(
  client: PagerdutyClient,
  incident: PagerdutyIncident,
  until: Date,
): Promise<PagerdutyLogEntry[]> {
  const entries: PagerdutyLogEntry[] = [];
  const path = `/incidents/${encodeURIComponent(incident.id)}/log_entries`;
  for (let start = new Date(incident.created_at).getTime(); start < until.getTime(); start += MAX_SPAN_MS) {
    const end = Math.min(start + MAX_SPAN_MS, until.getTime());
    for (let offset = 0; offset + PAGE_SIZE <= client.offsetCap; offset += PAGE_SIZE) {
      const page = await client.getParsed(
        path,
        {
          since: new Date(start).toISOString(),
          until: new Date(end).toISOString(),
          time_zone: 'UTC',
          limit: PAGE_SIZE,
          offset,
        },
        logEntriesPageSchema,
      );
      entries.push(...page.log_entries);
      if (!page.more) break;
    }
    if (entries.some((e) => e.type === 'resolve_log_entry')) break;
  }
  return entries;
}
