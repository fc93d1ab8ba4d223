import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Real webhook payloads for tests: GitHub's from @octokit/webhooks-examples (recorded
 * deliveries), PagerDuty's built on the v3 shape in PagerDuty's developer docs
 * ("Webhook Payload": `{ event: { id, event_type, resource_type, occurred_at, agent, client, data } }`).
 */
export interface GithubExample {
  event: string;
  payload: Record<string, unknown>;
}

/** The examples' index, read as JSON: every runner here (Vitest, Playwright, tsx) can read a file. */
const examples = JSON.parse(
  readFileSync(path.resolve('node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8'),
) as { name: string; examples: Record<string, unknown>[] }[];

/** `X-PagerDuty-Signature` as PagerDuty sends it: one `v1=` entry per active secret. */
export function signPagerdutyBody(secrets: readonly string[], body: string | Buffer): string {
  return secrets.map((secret) => `v1=${createHmac('sha256', secret).update(body).digest('hex')}`).join(',');
}

/**
 * `X-Hub-Signature-256` as GitHub computes it (HMAC-SHA256 of the body, hex), written out here
 * so the tests check @octokit/webhooks' verification against an independent signer.
 */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Every api.github.com example of the given events. */
export function githubExamples(events: readonly string[]): GithubExample[] {
  return examples
    .filter((e) => events.includes(e.name))
    .flatMap((e) => e.examples.map((payload) => ({ event: e.name, payload })));
}

export async function githubHeaders(secret: string, event: string, deliveryId: string, body: string) {
  return {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/test',
    'x-github-event': event,
    'x-github-delivery': deliveryId,
    'x-hub-signature-256': githubSignature(secret, body),
  };
}

export function pagerdutyIncidentEvent(options: {
  eventId: string;
  eventType: string;
  incidentId: string;
  serviceId: string;
  status?: string;
  occurredAt?: string;
}): Record<string, unknown> {
  const { incidentId, serviceId } = options;
  return {
    event: {
      id: options.eventId,
      event_type: options.eventType,
      resource_type: 'incident',
      occurred_at: options.occurredAt ?? '2026-11-20T11:59:00.000Z',
      agent: {
        html_url: 'https://acme.pagerduty.com/users/PLH1HKV',
        id: 'PLH1HKV',
        self: 'https://api.pagerduty.com/users/PLH1HKV',
        summary: 'Tenex Engineer',
        type: 'user_reference',
      },
      client: { name: 'PagerDuty' },
      data: {
        id: incidentId,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://acme.pagerduty.com/incidents/${incidentId}`,
        number: 2,
        status: options.status ?? 'triggered',
        incident_key: 'd3640fbd41094207a1c11e58e46b1662',
        created_at: '2026-11-20T11:00:00Z',
        title: 'A little bump in the road',
        service: {
          html_url: `https://acme.pagerduty.com/services/${serviceId}`,
          id: serviceId,
          self: `https://api.pagerduty.com/services/${serviceId}`,
          summary: 'API Service',
          type: 'service_reference',
        },
        assignees: [],
        escalation_policy: {
          html_url: 'https://acme.pagerduty.com/escalation_policies/PUS0KTE',
          id: 'PUS0KTE',
          self: 'https://api.pagerduty.com/escalation_policies/PUS0KTE',
          summary: 'Default',
          type: 'escalation_policy_reference',
        },
        teams: [],
        priority: null,
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}

/** PagerDuty's "Send Test Event" delivery. */
export function pagerdutyPing(eventId: string): Record<string, unknown> {
  return {
    event: {
      id: eventId,
      event_type: 'pagey.ping',
      resource_type: 'pagey',
      occurred_at: '2026-11-20T11:59:00.000Z',
      agent: null,
      client: null,
      data: { message: 'Hello from your friend Pagey!', type: 'ping' },
    },
  };
}

export function pagerdutyHeaders(secrets: readonly string[], body: string) {
  return {
    'content-type': 'application/json',
    'user-agent': 'PagerDuty-Webhook/V3.0',
    'x-pagerduty-signature': signPagerdutyBody(secrets, body),
  };
}

const ROUTES = {
  github: () => import('../../app/api/v1/webhooks/github/route'),
  pagerduty: () => import('../../app/api/v1/webhooks/pagerduty/route'),
};

/** A delivery through the route handler itself, as Next.js would call it. */
export async function postWebhook(
  source: 'github' | 'pagerduty',
  body: string | Buffer,
  headers: Record<string, string>,
): Promise<Response> {
  const { POST } = await ROUTES[source]();
  const payload = typeof body === 'string' ? body : new Uint8Array(body);
  return POST(new Request(`http://paved.test/api/v1/webhooks/${source}`, { method: 'POST', headers, body: payload }));
}

/** A GitHub example delivery, its repository swapped for `repository` (owner/name, default branch). */
export function forRepository(
  example: GithubExample,
  repository: { owner: string; name: string; defaultBranch: string },
): GithubExample {
  const payload = structuredClone(example.payload) as Record<string, unknown> & {
    repository: Record<string, unknown>;
  };
  payload.repository = {
    ...payload.repository,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    default_branch: repository.defaultBranch,
    owner: { ...(payload.repository.owner as object), login: repository.owner },
  };
  return { event: example.event, payload };
}
