import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../access/api-tokens';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeWebProcess } from '../helpers/web-process';
import { allowedMethods } from '../../lib/allowed-methods';
import { loadConfig } from '../../lib/config';
import { deriveAll } from '../../scorecards/derive-all';
import { useConfig } from '../helpers/access';
import { listAppRoutes, type AppRoute } from '../helpers/app-routes';
import { HOSTILE_BODIES, HOSTILE_CURSORS, HOSTILE_SEGMENTS, HOSTILE_TEXT } from '../helpers/hostile-values';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * Every /api route found under app/, as Next.js serves it: proxy.ts first (on the raw
 * address), then the route's handler with the decoded path segments. Each query parameter
 * the OpenAPI description names (the common ones for a route it names none for) gets every
 * hostile value, one at a time; each dynamic segment gets every hostile segment; each body-reading method every
 * hostile body; every method a route does not export is sent too. No answer may be a 5xx, and every
 * error is the JSON `{ error: {...} }`.
 */
const NOW = '2026-06-01T12:00:00Z';
const UNSUPPORTED = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const COMMON_PARAMS = ['from', 'to', 'team', 'service', 'limit', 'cursor', 'format', 'scorecard'];
let t: TestDatabase;
let token: string;
let victimTokenId: string;

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
interface Sent {
  method: string;
  address: string;
  status: number;
  problem: string | null;
}

const routes = listAppRoutes().filter((r) => r.kind === 'route' && r.pattern.startsWith('/api/'));
const ROOT = path.resolve(__dirname, '../..');

/** A real value for each dynamic segment, by route, from the demo organisation. */
function validSegment(route: AppRoute, name: string): string {
  if (name === 'service') return 'payments-api.svg';
  if (name === 'slug') return route.pattern.startsWith('/api/v1/teams/') ? 'payments' : 'payments-api';
  if (route.pattern.startsWith('/api/v1/scorecards/')) return 'golden-path';
  if (route.pattern.startsWith('/api/v1/initiatives/')) return 'dependency-hygiene';
  // A token of its own to revoke: revoking the fuzz's own would turn the rest into 401s.
  if (route.pattern.startsWith('/api/v1/tokens/')) return victimTokenId;
  return '1';
}

const dynamicParts = (route: AppRoute) => route.pattern.split('/').filter((p) => p.startsWith('[')).length;
/** Static segments before dynamic ones, a catch-all (`[...path]`) last: as Next.js picks. */
const bySpecificity = [...routes].sort(
  (a, b) =>
    Number(a.pattern.includes('[...')) - Number(b.pattern.includes('[...')) || dynamicParts(a) - dynamicParts(b),
);

/** The route whose pattern the raw path fills, and its decoded segments, as Next.js matches it. */
function match(rawPath: string): { route: AppRoute; params: Record<string, string> } | null {
  const parts = rawPath.split('/');
  for (const route of bySpecificity) {
    const pattern = route.pattern.split('/');
    const catchAll = pattern.at(-1)!.startsWith('[...');
    if (catchAll ? parts.length < pattern.length : pattern.length !== parts.length) continue;
    const params: Record<string, string | string[]> = {};
    const fits = pattern.every((p, i) => {
      if (p.startsWith('[...')) {
        params[p.slice(4, -1)] = parts.slice(i).map(decodeURIComponent);
        return true;
      }
      if (/^\[.+\]$/.test(p)) {
        params[p.slice(1, -1)] = decodeURIComponent(parts[i]!);
        return parts[i] !== '';
      }
      return p === parts[i];
    });
    if (fits) return { route, params: params as Record<string, string> };
  }
  return null;
}

async function send(method: string, address: string, body?: string): Promise<Sent> {
  const url = `http://paved.test${address}`;
  const headers = { authorization: `Bearer ${token}`, host: 'paved.test', 'content-type': 'application/json' };
  const { proxy } = await import('../../proxy');
  let response: Response = await proxy(new NextRequest(url, { method, headers, body }));
  if (response.headers.get('x-middleware-next') === '1') {
    const target = match(new URL(url).pathname);
    if (!target) return { method, address, status: 404, problem: null };
    const mod = (await import(/* @vite-ignore */ path.join(ROOT, target.route.file))) as Record<string, Handler>;
    try {
      // Next.js answers HEAD with the GET handler when a route exports no HEAD.
      const handler = mod[method] ?? (method === 'HEAD' ? mod.GET : undefined);
      response = await handler!(new Request(url, { method, headers, body }), {
        params: Promise.resolve(target.params),
      });
    } catch (error) {
      return { method, address, status: 500, problem: `threw: ${(error as Error).message}` };
    }
  }
  return { method, address, status: response.status, problem: await errorBodyProblem(response) };
}

/** Why an error answer is not the JSON error shape, or null. */
async function errorBodyProblem(response: Response): Promise<string | null> {
  if (response.status < 400) {
    await response.body?.cancel();
    return null;
  }
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown; status?: unknown } };
    if (typeof body.error?.message !== 'string' || body.error.status !== response.status)
      return `error body without { error: { message, status } }: ${text.slice(0, 200)}`;
    return null;
  } catch {
    return `error body is not JSON: ${text.slice(0, 200)}`;
  }
}

/** Query parameter names per route pattern, from the OpenAPI description. */
async function documentedParams(): Promise<Map<string, string[]>> {
  const { GET } = await import('../../app/api/v1/openapi.json/route');
  const spec = (await GET().json()) as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
  };
  const byPattern = new Map<string, string[]>();
  for (const [p, operations] of Object.entries(spec.paths)) {
    const names = Object.values(operations).flatMap((o) => (o.parameters ?? []).filter((x) => x.in === 'query'));
    byPattern.set(
      p.replace(/\{([^}]+)\}/g, '[$1]').replace('[service].svg', '[service]'),
      names.map((n) => n.name),
    );
  }
  return byPattern;
}

/** Every request of the fuzz: method, raw address, body. */
async function plan(): Promise<[string, string, string | undefined][]> {
  const documented = await documentedParams();
  const requests: [string, string, string | undefined][] = [];
  for (const route of routes) {
    const valid = Object.fromEntries(route.segments.map((s) => [s, validSegment(route, s)]));
    const fill = (values: Record<string, string>) =>
      route.pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => values[name]!);
    const base = fill(Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, encodeURIComponent(v)])));
    // A route the description leaves out, or documents without parameters, gets the common ones.
    const names = documented.get(route.pattern)?.length ? documented.get(route.pattern)! : COMMON_PARAMS;
    const exports = documented.get(route.pattern)?.includes('format') ?? false;
    // Every method the route does not export, with a body and with each hostile segment: a JSON 405.
    for (const method of UNSUPPORTED.filter((m) => !allowedMethods(route.methods).includes(m))) {
      requests.push([method, base, method === 'GET' || method === 'HEAD' ? undefined : HOSTILE_BODIES[0]]);
      for (const segment of route.segments)
        for (const value of HOSTILE_SEGMENTS) requests.push([method, fill({ ...valid, [segment]: value }), undefined]);
    }
    for (const method of route.methods) {
      const reads = method === 'POST' || method === 'PUT' || method === 'PATCH';
      requests.push([method, base, undefined]);
      for (const segment of route.segments)
        for (const value of HOSTILE_SEGMENTS) requests.push([method, fill({ ...valid, [segment]: value }), undefined]);
      if (reads) for (const body of HOSTILE_BODIES) requests.push([method, base, body]);
      if (method !== 'GET') continue;
      for (const name of names) {
        for (const value of name === 'cursor' ? [...HOSTILE_CURSORS, ...HOSTILE_TEXT] : HOSTILE_TEXT) {
          const query = new URLSearchParams({ [name]: value });
          requests.push([method, `${base}?${query}`, undefined]);
          // The same for an export.
          if (exports && name !== 'format') requests.push([method, `${base}?${query}&format=csv`, undefined]);
        }
        // An array for a scalar.
        requests.push([method, `${base}?${name}=a&${name}=b&${name}[]=c`, undefined]);
        requests.push([method, `${base}?${name}=%00`, undefined]);
      }
    }
  }
  return requests;
}

beforeAll(async () => {
  t = await createTestDatabase();
  useConfig('schedule:\n  enabled: false\n');
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
  token = (await createApiToken(t.db, { name: 'fuzz', role: 'admin', createdBy: 'test' })).token;
  const victim = await createApiToken(t.db, { name: 'victim', role: 'viewer', createdBy: 'test' });
  victimTokenId = String(victim.summary.id);
}, 180_000);
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
});

describe('fuzzing every /api route', () => {
  it('answers every hostile request with a 4xx (or a 2xx), and every error as JSON', async () => {
    const requests = await plan();
    const sent: Sent[] = [];
    for (const [method, address, body] of requests) sent.push(await send(method, address, body));
    const histogram: Record<number, number> = {};
    for (const s of sent) histogram[s.status] = (histogram[s.status] ?? 0) + 1;
    console.log(
      `api fuzz: ${sent.length} requests over ${routes.length} routes; statuses ${JSON.stringify(histogram)}`,
    );
    const failures = sent.filter((s) => s.status >= 500 || s.problem);
    expect(failures.map((f) => `${f.status} ${f.method} ${f.address.slice(0, 160)} ${f.problem ?? ''}`)).toEqual([]);
    // The plan is as large as it was written to be, and much of it was refused as bad input.
    expect(sent.length).toBeGreaterThan(3000);
    expect(histogram[400]).toBeGreaterThan(1000);
    expect(histogram[405]).toBeGreaterThan(routes.length * 3);
  }, 600_000);
});
