import { DAY_MS } from '../../../lib/clock';

/**
 * The state of a fake PagerDuty account: services and incidents with their log entries.
 * Tests change it between syncs (acknowledge, resolve, add) as PagerDuty would.
 */
export interface FakeService {
  id: string;
  name: string;
  status: string;
  escalationPolicy: { id: string; name: string };
  teams: { id: string; name: string }[];
}

export interface FakeLogEntry {
  id: string;
  type:
    | 'trigger_log_entry'
    | 'acknowledge_log_entry'
    | 'notify_log_entry'
    | 'annotate_log_entry'
    | 'resolve_log_entry'
    | 'unacknowledge_log_entry';
  at: Date;
}

export interface FakeIncident {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  urgency: 'high' | 'low';
  priority: { id: string; name: string } | null;
  status: 'triggered' | 'acknowledged' | 'resolved';
  createdAt: Date;
  /** Current acknowledgements (PagerDuty clears them on resolve and on unacknowledge). */
  acknowledgements: Date[];
  resolvedAt: Date | null;
  lastStatusChangeAt: Date;
  updatedAt: Date;
  log: FakeLogEntry[];
}

export interface FakeAccount {
  services: FakeService[];
  incidents: FakeIncident[];
}

/** Deterministic PRNG (mulberry32), so a seeded account is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let logSeq = 0;
const logId = () => `R${(++logSeq).toString(36).toUpperCase().padStart(8, '0')}`;

export function newIncident(fields: {
  id: string;
  number: number;
  serviceId: string;
  createdAt: Date;
  title?: string;
  urgency?: 'high' | 'low';
  priority?: FakeIncident['priority'];
}): FakeIncident {
  return {
    id: fields.id,
    number: fields.number,
    title: fields.title ?? `Incident ${fields.number}`,
    serviceId: fields.serviceId,
    urgency: fields.urgency ?? 'high',
    priority: fields.priority ?? null,
    status: 'triggered',
    createdAt: fields.createdAt,
    acknowledgements: [],
    resolvedAt: null,
    lastStatusChangeAt: fields.createdAt,
    updatedAt: fields.createdAt,
    log: [{ id: logId(), type: 'trigger_log_entry', at: fields.createdAt }],
  };
}

export function acknowledge(incident: FakeIncident, at: Date): void {
  incident.status = 'acknowledged';
  incident.acknowledgements = [at];
  incident.lastStatusChangeAt = at;
  incident.updatedAt = at;
  incident.log.push({ id: logId(), type: 'acknowledge_log_entry', at });
}

export function resolve(incident: FakeIncident, at: Date): void {
  incident.status = 'resolved';
  incident.acknowledgements = [];
  incident.resolvedAt = at;
  incident.lastStatusChangeAt = at;
  incident.updatedAt = at;
  incident.log.push({ id: logId(), type: 'resolve_log_entry', at });
}

/** A note after resolution moves `updated_at` but not the resolve time. */
export function annotate(incident: FakeIncident, at: Date): void {
  incident.updatedAt = at;
  incident.log.push({ id: logId(), type: 'annotate_log_entry', at });
}

export interface GeneratedAccountOptions {
  seed: number;
  services: number;
  incidents: number;
  from: Date;
  to: Date;
  /** Share of incidents created in the last 2 days that are still open (default 0.5). */
  openShare?: number;
}

const MINUTE = 60_000;

/** A realistic account: incidents spread over [from, to), most acknowledged and resolved. */
export function generateAccount(options: GeneratedAccountOptions): FakeAccount {
  const random = seededRandom(options.seed);
  const services: FakeService[] = Array.from({ length: options.services }, (_, i) => ({
    id: `PSVC${String(i + 1).padStart(3, '0')}`,
    name: `Service ${i + 1}`,
    status: 'active',
    escalationPolicy: { id: `PEP${i % 3}`, name: `Policy ${i % 3}` },
    teams: [{ id: `PTEAM${i % 2}`, name: `Team ${i % 2}` }],
  }));
  const span = options.to.getTime() - options.from.getTime();
  const times = Array.from(
    { length: options.incidents },
    () => options.from.getTime() + Math.floor((random() * span) / 1000) * 1000,
  ).sort((a, b) => a - b);
  const incidents = times.map((t, i) => {
    const createdAt = new Date(t);
    const incident = newIncident({
      id: `Q${(i + 1).toString(36).toUpperCase().padStart(7, '0')}`,
      number: i + 1,
      serviceId: services[Math.floor(random() * services.length)]!.id,
      createdAt,
      urgency: random() < 0.7 ? 'high' : 'low',
      priority: random() < 0.5 ? { id: 'PPRIO1', name: 'P1' } : random() < 0.5 ? { id: 'PPRIO2', name: 'P2' } : null,
    });
    const recent = options.to.getTime() - t < 2 * DAY_MS;
    const ackAt = new Date(t + Math.floor(1 + random() * 30) * MINUTE);
    if (random() < 0.8 && ackAt < options.to) acknowledge(incident, ackAt);
    const resolveAt = new Date(t + Math.floor(5 + random() * 3 * 24 * 60) * MINUTE);
    if (!(recent && random() < (options.openShare ?? 0.5)) && resolveAt < options.to) resolve(incident, resolveAt);
    return incident;
  });
  return { services, incidents };
}
