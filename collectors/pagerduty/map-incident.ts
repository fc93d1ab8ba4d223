import type { NewIncident } from '../../db/schema';
import type { PagerdutyIncident, PagerdutyLogEntry } from './schemas';

export interface IncidentRow extends NewIncident {
  acknowledged_at: string | null;
  resolved_at: string | null;
}

const iso = (value: string): string => new Date(value).toISOString();

function earliest(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.map(iso).reduce((a, b) => (a < b ? a : b));
}

function latest(values: readonly string[]): string | null {
  return values.length === 0 ? null : values.map(iso).reduce((a, b) => (a > b ? a : b));
}

/**
 * A resolved incident without `resolved_at` (payloads from before 2023-05, or any that omit it)
 * needs its log entries: the resolve entry is the only trustworthy resolve time.
 * `last_status_change_at` and `updated_at` move on later edits, so they are never used.
 */
export function needsLogEntries(incident: PagerdutyIncident): boolean {
  return incident.status === 'resolved' && !incident.resolved_at;
}

/**
 * One incident as stored. `resolved_at` is the incident's own `resolved_at`, else its resolve
 * log entry's time, else null; `acknowledged_at` is the first acknowledgement seen in
 * `acknowledgements[]` or in the log entries (PagerDuty clears `acknowledgements` on resolve).
 * @example toIncidentRow(incident, await listLogEntries(client, incident)).resolved_at
 */
export function toIncidentRow(incident: PagerdutyIncident, logEntries: readonly PagerdutyLogEntry[] = []): IncidentRow {
  const resolvedAt =
    incident.status !== 'resolved'
      ? null
      : incident.resolved_at
        ? iso(incident.resolved_at)
        : latest(logEntries.filter((e) => e.type === 'resolve_log_entry').map((e) => e.created_at));
  const acknowledgedAt = earliest([
    ...(incident.acknowledgements ?? []).map((a) => a.at),
    ...logEntries.filter((e) => e.type === 'acknowledge_log_entry').map((e) => e.created_at),
  ]);
  return {
    source: 'pagerduty',
    external_id: incident.id,
    number: incident.incident_number,
    pagerduty_service_id: incident.service.id,
    title: incident.title,
    urgency: incident.urgency ?? null,
    priority: incident.priority ? (incident.priority.name ?? incident.priority.summary ?? incident.priority.id) : null,
    status: incident.status,
    created_at: iso(incident.created_at),
    acknowledged_at: acknowledgedAt,
    resolved_at: resolvedAt,
    last_status_change_at: incident.last_status_change_at ? iso(incident.last_status_change_at) : null,
    html_url: incident.html_url ?? null,
  };
}

export interface StoredIncidentTimes {
  status: string;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
}

/**
 * Folds what an earlier sync learnt into a fresh row: the first acknowledgement stays the
 * earliest ever seen (resolving clears `acknowledgements[]`), and a resolve time found in the
 * log entries is kept instead of being fetched again (resolved is final in PagerDuty).
 */
export function mergeWithStored(row: IncidentRow, stored: StoredIncidentTimes | undefined): IncidentRow {
  if (!stored) return row;
  const storedAck = stored.acknowledged_at?.toISOString() ?? null;
  const acknowledged_at = earliest([row.acknowledged_at, storedAck].filter((v): v is string => v !== null));
  const resolved_at =
    row.status === 'resolved' && !row.resolved_at && stored.status === 'resolved'
      ? (stored.resolved_at?.toISOString() ?? null)
      : row.resolved_at;
  return { ...row, acknowledged_at, resolved_at };
}
