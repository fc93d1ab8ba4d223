import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../tests/helpers/csv';
import { mergeWithStored, needsLogEntries, toIncidentRow } from './map-incident';
import { incidentSchema, logEntrySchema } from './schemas';

// Real incident objects from DevLake's e2e data (tests/fixtures/devlake-pagerduty/README.md).
const dir = path.resolve(__dirname, '../../tests/fixtures/devlake-pagerduty');
const raw = parseCsv(readFileSync(path.join(dir, '_raw_pagerduty_incidents.csv'), 'utf8')).map(
  (r) => JSON.parse(r.data!) as Record<string, unknown>,
);
const byNumber = (n: number) => {
  const data = raw.find((d) => d.incident_number === n)!;
  return {
    incident: incidentSchema.parse(data),
    logEntries: (data.log_entries as unknown[]).map((e) => logEntrySchema.parse(e)),
  };
};
const devlakeIssues = parseCsv(readFileSync(path.join(dir, 'issues.csv'), 'utf8'));

describe('PagerDuty incident mapper on real incident objects', () => {
  it('parses all three real objects with the zod schema (extra keys allowed, no resolved_at)', () => {
    expect(raw).toHaveLength(3);
    for (const data of raw) expect(incidentSchema.safeParse(data).success).toBe(true);
    expect(raw.every((d) => !('resolved_at' in d))).toBe(true);
  });

  it.each([
    // [number, status, urgency, acknowledged_at (first acknowledgement), resolved_at]
    [4, 'triggered', 'high', '2022-11-03T06:23:07.000Z', null], // acknowledged, then escalated back to triggered
    [5, 'acknowledged', 'high', '2022-11-03T06:44:37.000Z', null],
    [6, 'resolved', 'low', '2022-11-03T06:45:46.000Z', '2022-11-03T06:51:44.000Z'], // resolve_log_entry
  ] as const)(
    'incident #%i → status %s, urgency %s, acknowledged %s, resolved %s',
    (n, status, urgency, acknowledged, resolved) => {
      const { incident, logEntries } = byNumber(n);
      const row = toIncidentRow(incident, logEntries);
      expect(row).toMatchObject({
        source: 'pagerduty',
        number: n,
        status,
        urgency,
        priority: null,
        pagerduty_service_id: 'PIKL83L',
        acknowledged_at: acknowledged,
        resolved_at: resolved,
      });
      expect(row.external_id).toBe(incident.id);
    },
  );

  it('agrees with DevLake on identity, url, timestamps and the resolved incident’s lead time', () => {
    for (const issue of devlakeIssues) {
      const { incident, logEntries } = byNumber(Number(issue.issue_key));
      const row = toIncidentRow(incident, logEntries);
      expect(row.html_url).toBe(issue.url);
      expect(row.urgency).toBe(issue.urgency);
      expect(row.status).toBe(issue.original_status);
      expect(row.created_at).toBe(new Date(issue.created_date!).toISOString());
      expect(row.last_status_change_at).toBe(new Date(issue.updated_date!).toISOString());
      expect(row.title).toBe(issue.description!.replace(/^\[#\d+\] /, ''));
      const leadMinutes = row.resolved_at
        ? Math.floor((Date.parse(row.resolved_at) - Date.parse(row.created_at as string)) / 60_000)
        : null;
      expect(leadMinutes).toBe(issue.lead_time_minutes ? Number(issue.lead_time_minutes) : null);
    }
  });

  it('never takes a resolve time from last_status_change_at: without log entries it is unknown', () => {
    const { incident } = byNumber(6);
    expect(needsLogEntries(incident)).toBe(true);
    expect(toIncidentRow(incident).resolved_at).toBeNull();
    // A later status-change time (say an edit) does not move the resolve time from the log.
    const edited = { ...incident, last_status_change_at: '2022-11-04T09:00:00Z' };
    expect(toIncidentRow(edited, byNumber(6).logEntries).resolved_at).toBe('2022-11-03T06:51:44.000Z');
  });

  it('prefers the incident’s own resolved_at when PagerDuty sends it', () => {
    const { incident, logEntries } = byNumber(6);
    const modern = { ...incident, resolved_at: '2022-11-03T06:51:44.123456Z' };
    expect(needsLogEntries(modern)).toBe(false);
    expect(toIncidentRow(modern, logEntries).resolved_at).toBe('2022-11-03T06:51:44.123Z');
    expect(needsLogEntries(byNumber(5).incident)).toBe(false);
  });

  it('keeps the earliest acknowledgement and a stored resolve time across syncs', () => {
    const { incident } = byNumber(6);
    const row = toIncidentRow(incident);
    const merged = mergeWithStored(row, {
      status: 'resolved',
      acknowledged_at: new Date('2022-11-03T06:45:46Z'),
      resolved_at: new Date('2022-11-03T06:51:44Z'),
    });
    expect(merged).toMatchObject({
      acknowledged_at: '2022-11-03T06:45:46.000Z',
      resolved_at: '2022-11-03T06:51:44.000Z',
    });
    // A stored open incident's times never leak into a resolved row's resolve time.
    expect(
      mergeWithStored(row, { status: 'acknowledged', acknowledged_at: null, resolved_at: null }).resolved_at,
    ).toBeNull();
  });
});
