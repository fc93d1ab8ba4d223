import { z } from 'zod';

/** PagerDuty renders `2022-11-03T06:23:06.000000Z` (6-digit fractions) or with an offset. */
const timestamp = z.iso.datetime({ offset: true });
const reference = z.object({ id: z.string().min(1), summary: z.string().nullable().optional() });

const pageFields = {
  limit: z.number().int().nonnegative().optional(),
  offset: z.number().int().nonnegative().optional(),
  more: z.boolean(),
  // Only filled when the request sent `total=true`.
  total: z.number().int().nonnegative().nullable().optional(),
};

export const serviceSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.string().nullable().optional(),
  html_url: z.string().nullable().optional(),
  escalation_policy: reference.nullable().optional(),
  teams: z.array(reference).nullable().optional(),
});
export const servicesPageSchema = z.object({ services: z.array(serviceSchema), ...pageFields });
export type PagerdutyService = z.infer<typeof serviceSchema>;

export const incidentSchema = z.object({
  id: z.string().min(1),
  incident_number: z.number().int(),
  title: z.string(),
  status: z.enum(['triggered', 'acknowledged', 'resolved']),
  urgency: z.enum(['high', 'low']).nullable().optional(),
  priority: z
    .object({ id: z.string(), name: z.string().nullable().optional(), summary: z.string().nullable().optional() })
    .nullable()
    .optional(),
  service: reference,
  created_at: timestamp,
  // Added to the API on 2023-05-08: older payloads (and recorded data) lack it.
  resolved_at: timestamp.nullable().optional(),
  last_status_change_at: timestamp.nullable().optional(),
  acknowledgements: z
    .array(z.object({ at: timestamp }))
    .nullable()
    .optional(),
  html_url: z.string().nullable().optional(),
});
export const incidentsPageSchema = z.object({ incidents: z.array(incidentSchema), ...pageFields });
export const incidentResponseSchema = z.object({ incident: incidentSchema });
export type PagerdutyIncident = z.infer<typeof incidentSchema>;

export const logEntrySchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created_at: timestamp,
});
export const logEntriesPageSchema = z.object({ log_entries: z.array(logEntrySchema), ...pageFields });
export type PagerdutyLogEntry = z.infer<typeof logEntrySchema>;
