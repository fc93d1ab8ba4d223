import { z } from 'zod';
import type { PagerdutyConfig } from '../config-schema';
import { MAX_DELIVERY_ID_CHARS } from './limits';
import { describeIssue, ignore, type RoutedDelivery } from './plan';

/** Incident events that change what the recovery figures read (status, times, priority, urgency, who). */
export const PAGERDUTY_INCIDENT_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.priority_updated',
  'incident.urgency_updated',
  'incident.reassigned',
] as const;

const envelope = z.object({
  event: z.object({
    id: z.string().min(1).max(MAX_DELIVERY_ID_CHARS),
    event_type: z.string().min(1).max(200),
    resource_type: z.string().max(200).optional(),
    data: z.unknown(),
  }),
});

const incidentData = z.object({
  id: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a PagerDuty incident id'),
  service: z.object({ id: z.string().max(64) }).optional(),
});

/**
 * Reads a verified PagerDuty v3 delivery (`{ event: { id, event_type, resource_type, data } }`).
 * The event id is the delivery id. Incidents of services outside `pagerduty.serviceIds` (when
 * set) are ignored; so are other events, PagerDuty's test event (`pagey.ping`) included.
 */
export function routePagerdutyDelivery(payload: unknown, config: Pick<PagerdutyConfig, 'serviceIds'>): RoutedDelivery {
  const parsed = envelope.safeParse(payload);
  if (!parsed.success) return { ok: false, problem: describeIssue(parsed.error) };
  const { id, event_type: event, data } = parsed.data.event;
  const base = { deliveryId: id, event, action: null };
  if (!(PAGERDUTY_INCIDENT_EVENTS as readonly string[]).includes(event)) {
    return { ok: true, ...base, plan: ignore(`${event} events are not used`) };
  }
  const incident = incidentData.safeParse(data);
  if (!incident.success) return { ok: false, problem: `event.data.${describeIssue(incident.error)}` };
  const service = incident.data.service?.id;
  if (config.serviceIds.length > 0 && service && !config.serviceIds.includes(service)) {
    return { ok: true, ...base, plan: ignore(`service ${service} is not in pagerduty.serviceIds`) };
  }
  return { ok: true, ...base, plan: { kind: 'refresh', target: incident.data.id } };
}
