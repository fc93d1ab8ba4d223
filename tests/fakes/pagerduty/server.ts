import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  deliver,
  faultDraw,
  isTransportFault,
  TRANSPORT_FAULTS,
  type RandomFaults,
  type Timers,
  type TransportFault,
} from '../faults';
import type { FakeAccount, FakeIncident, FakeLogEntry } from './account';

/**
 * A local PagerDuty REST v2 over real HTTP (127.0.0.1, port 0). It enforces what the real API
 * enforces and a collector can trip over: the token and versioned Accept header, limit ≤ 100,
 * offset + limit ≤ 10,000 (400 with PagerDuty's error body), since/until spans ≤ 6 months,
 * the one-month default range, `total` only with `total=true`, and 429 with rate-limit headers.
 */
export interface FakePagerdutyOptions {
  token: string;
  account: FakeAccount;
  /** The server's "now": the default since/until range ends here. */
  now: Date;
  /** Payloads from before 2023-05-08 had no `resolved_at`/`updated_at`. */
  legacy?: boolean;
  offsetCap?: number;
  /** Answer this request (1-based count of all requests) with 429. */
  rateLimit?: (requestNumber: number, url: URL) => boolean;
  rateLimitResetSeconds?: number;
  /** Rewrites a JSON body before it is sent (to serve malformed payloads). */
  transform?: (path: string, body: Record<string, unknown>) => unknown;
  /** A share of requests, chosen by a seeded draw, answered with faults of every kind. */
  randomFaults?: RandomFaults;
}

/** HTTP-level faults answer instead of the request; transport faults spoil the real answer (see ../faults.ts). */
export const FAULT_KINDS = ['500', '502', '503', '429', ...TRANSPORT_FAULTS] as const;
export type Fault = (typeof FAULT_KINDS)[number];

export interface FakePagerduty {
  url: string;
  options: FakePagerdutyOptions;
  /** Every request received, including refused ones. */
  requests: URL[];
  /** Random faults served so far, by kind. */
  faultsServed: Record<string, number>;
  count(predicate?: (url: URL) => boolean): number;
  close(): Promise<void>;
}

const ACCEPT = 'application/vnd.pagerduty+json;version=2';
const ts = (d: Date): string => d.toISOString().replace('.000Z', 'Z');

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

const invalidInput = (detail: string) =>
  new ApiError(400, { error: { message: 'Invalid Input Provided', code: 2001, errors: [detail] } });

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function parseTime(value: string | null, name: string): Date | null {
  if (value === null) return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw invalidInput(`${name} is invalid.`);
  return d;
}

function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  cap: number,
): { page: T[]; limit: number; offset: number; more: boolean; total: number | null } {
  const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 25)));
  const offset = Math.max(0, Number(query.get('offset') ?? 0));
  if (!Number.isInteger(limit) || !Number.isInteger(offset)) throw invalidInput('limit/offset is invalid.');
  if (offset + limit > cap) {
    throw new ApiError(400, {
      error: {
        message: 'Arguments Caused Error',
        code: 2002,
        errors: [
          `Offset+limit exceeds maximum allowed value of ${cap}. Please try to refine your search to reduce the returned set of records below this number, like adding a date range.`,
        ],
      },
    });
  }
  return {
    page: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: query.get('total') === 'true' ? items.length : null,
  };
}

function renderIncident(
  i: FakeIncident,
  base: string,
  legacy: boolean,
  services: FakeAccount['services'],
): Record<string, unknown> {
  const service = services.find((s) => s.id === i.serviceId);
  return {
    id: i.id,
    type: 'incident',
    summary: `[#${i.number}] ${i.title}`,
    self: `${base}/incidents/${i.id}`,
    html_url: `https://acme.pagerduty.com/incidents/${i.id}`,
    incident_number: i.number,
    title: i.title,
    created_at: ts(i.createdAt),
    ...(legacy ? {} : { updated_at: ts(i.updatedAt), resolved_at: i.resolvedAt ? ts(i.resolvedAt) : null }),
    status: i.status,
    incident_key: `key-${i.id}`,
    service: {
      id: i.serviceId,
      type: 'service_reference',
      summary: service?.name ?? i.serviceId,
      self: `${base}/services/${i.serviceId}`,
    },
    assignments:
      i.status === 'resolved'
        ? []
        : [{ at: ts(i.createdAt), assignee: { id: 'PUSER1', type: 'user_reference', summary: 'Amara Okafor' } }],
    last_status_change_at: ts(i.lastStatusChangeAt),
    acknowledgements: i.acknowledgements.map((at) => ({
      at: ts(at),
      acknowledger: { id: 'PUSER1', type: 'user_reference', summary: 'Amara Okafor' },
    })),
    escalation_policy: { id: 'PEP0', type: 'escalation_policy_reference', summary: 'Default' },
    teams: [],
    urgency: i.urgency,
    ...(i.priority
      ? { priority: { id: i.priority.id, type: 'priority', summary: i.priority.name, name: i.priority.name } }
      : legacy
        ? {}
        : { priority: null }),
  };
}

const renderLogEntry = (e: FakeLogEntry, incident: FakeIncident) => ({
  id: e.id,
  type: e.type,
  summary: e.type.replace('_log_entry', ''),
  created_at: ts(e.at),
  incident: { id: incident.id, type: 'incident_reference' },
});

export async function startFakePagerduty(options: FakePagerdutyOptions): Promise<FakePagerduty> {
  const requests: URL[] = [];
  const faultsServed: Record<string, number> = {};
  const draw = options.randomFaults && faultDraw(FAULT_KINDS, options.randomFaults);
  const timers: Timers = new Set();
  const cap = options.offsetCap ?? 10_000;
  let base = '';

  function route(url: URL): unknown {
    const q = url.searchParams;
    const { account } = options;
    if (url.pathname === '/services') {
      const services = [...account.services].sort((a, b) => a.name.localeCompare(b.name));
      const { page, ...meta } = paginate(services, q, cap);
      return {
        services: page.map((s) => ({
          id: s.id,
          type: 'service',
          summary: s.name,
          name: s.name,
          status: s.status,
          html_url: `https://acme.pagerduty.com/service-directory/${s.id}`,
          escalation_policy: {
            id: s.escalationPolicy.id,
            type: 'escalation_policy_reference',
            summary: s.escalationPolicy.name,
          },
          teams: s.teams.map((t) => ({ id: t.id, type: 'team_reference', summary: t.name })),
        })),
        ...meta,
      };
    }
    if (url.pathname === '/incidents') {
      let selected = account.incidents;
      if (q.get('date_range') !== 'all') {
        const until = parseTime(q.get('until'), 'until') ?? options.now;
        const since = parseTime(q.get('since'), 'since') ?? addMonths(until, -1);
        // The real API's answer to a span over 6 months (seen in the wild): `" is invalid."`.
        if (addMonths(since, 6) < until) throw invalidInput(' is invalid.');
        selected = selected.filter((i) => i.createdAt >= since && i.createdAt < until);
      }
      const statuses = q.getAll('statuses[]');
      const serviceIds = q.getAll('service_ids[]');
      const urgencies = q.getAll('urgencies[]');
      if (statuses.length) selected = selected.filter((i) => statuses.includes(i.status));
      if (serviceIds.length) selected = selected.filter((i) => serviceIds.includes(i.serviceId));
      if (urgencies.length) selected = selected.filter((i) => urgencies.includes(i.urgency));
      const desc = q.get('sort_by') === 'created_at:desc';
      selected = [...selected].sort(
        (a, b) => (a.createdAt.getTime() - b.createdAt.getTime() || a.number - b.number) * (desc ? -1 : 1),
      );
      const { page, ...meta } = paginate(selected, q, cap);
      return {
        incidents: page.map((i) => renderIncident(i, base, options.legacy ?? false, account.services)),
        ...meta,
      };
    }
    const match = /^\/incidents\/([^/]+)(\/log_entries)?$/.exec(url.pathname);
    if (match) {
      const key = decodeURIComponent(match[1]!);
      const incident = account.incidents.find((i) => i.id === key || String(i.number) === key);
      if (!incident) throw new ApiError(404, { error: { message: 'Not Found', code: 2100 } });
      if (!match[2]) return { incident: renderIncident(incident, base, options.legacy ?? false, account.services) };
      const since = parseTime(q.get('since'), 'since');
      const until = parseTime(q.get('until'), 'until');
      const entries = incident.log
        .filter((e) => (!since || e.at >= since) && (!until || e.at < until))
        .sort((a, b) => b.at.getTime() - a.at.getTime());
      const { page, ...meta } = paginate(entries, q, cap);
      return { log_entries: page.map((e) => renderLogEntry(e, incident)), ...meta };
    }
    throw new ApiError(404, { error: { message: 'Not Found', code: 2100 } });
  }

  function handle(
    req: http.IncomingMessage,
    fault: Exclude<Fault, TransportFault> | null,
  ): { status: number; body: unknown; headers: Record<string, string> } {
    const url = new URL(req.url ?? '/', base);
    requests.push(url);
    try {
      if (fault) answerFault(fault);
      if (req.headers.authorization !== `Token token=${options.token}`) {
        throw new ApiError(401, { error: { message: 'Authentication failed', code: 2006 } });
      }
      if (req.headers.accept !== ACCEPT) throw invalidInput(`Accept header must be ${ACCEPT}`);
      if (req.method !== 'GET') throw new ApiError(405, { error: { message: 'Method Not Allowed', code: 2000 } });
      if (options.rateLimit?.(requests.length, url)) {
        const reset = String(options.rateLimitResetSeconds ?? 2);
        throw new ApiError(
          429,
          { error: { message: 'Rate Limit Exceeded', code: 2020 } },
          { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': reset },
        );
      }
      const body = route(url) as Record<string, unknown>;
      return {
        status: 200,
        body: options.transform ? options.transform(url.pathname, body) : body,
        headers: { 'ratelimit-limit': '960', 'ratelimit-remaining': '900', 'ratelimit-reset': '30' },
      };
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
      return { status: 500, body: { error: { message: String(error), code: 2000 } }, headers: {} };
    }
  }

  /** An HTTP-level fault, thrown like the API's own errors. */
  function answerFault(fault: Exclude<Fault, TransportFault>): never {
    if (fault === '429')
      throw new ApiError(
        429,
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': '5' },
      );
    throw new ApiError(Number(fault), { error: { message: `HTTP ${fault}`, code: 2000 } });
  }

  const server = http.createServer((req, res) => {
    const fault = draw?.() ?? null;
    if (fault) faultsServed[fault] = (faultsServed[fault] ?? 0) + 1;
    if (fault === 'reset') {
      requests.push(new URL(req.url ?? '/', base));
      return void res.socket?.destroy();
    }
    const { status, body, headers } = handle(req, fault && !isTransportFault(fault) ? fault : null);
    deliver(
      res,
      {
        status,
        text: JSON.stringify(body),
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      },
      fault && isTransportFault(fault) ? fault : null,
      { slowMs: options.randomFaults?.slowMs ?? 1000, timers },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    options,
    requests,
    faultsServed,
    count: (predicate) => (predicate ? requests.filter(predicate).length : requests.length),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
