import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedMethods, refuseUnsupportedMethod, routePattern } from '../../lib/allowed-methods';
import { listAppRoutes } from '../helpers/app-routes';
import { passedThrough, throughProxy, useConfig } from '../helpers/access';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { closeWebProcess } from '../helpers/web-process';

/**
 * Every /api route found under app/ answers every method it does not export with a JSON 405 and
 * an `Allow` header naming exactly what it does answer, through proxy.ts as Next.js runs it.
 */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ROOT = path.resolve(__dirname, '../..');
const routes = listAppRoutes().filter((r) => r.kind === 'route' && r.pattern.startsWith('/api/'));
const sample = (pattern: string) =>
  pattern.replace(/\[\.\.\.[^\]]+\]/, 'no/such/endpoint').replace(/\[([^\]]+)\]/g, (_, n: string) => `${n}-1`);

describe('methods a route does not export', () => {
  // A request the proxy lets through is judged against the database (tokens, sessions): a test
  // database of its own, not the embedded server under the checkout's .data.
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    process.env.DATABASE_URL = t.url;
  });
  afterAll(async () => {
    await closeWebProcess();
    delete process.env.DATABASE_URL;
    await t.drop();
  });

  it('the table proxy.ts reads holds exactly the methods each route module exports', async () => {
    expect(routes.length).toBeGreaterThan(20);
    const table = JSON.parse(process.env.PAVED_API_METHODS!) as Record<string, string[]>;
    for (const route of routes) {
      const mod = (await import(/* @vite-ignore */ path.join(ROOT, route.file))) as Record<string, unknown>;
      const exported = METHODS.filter((m) => typeof mod[m] === 'function');
      expect(table[route.pattern], route.file).toEqual(exported);
    }
    expect(Object.keys(table).sort()).toEqual(routes.map((r) => r.pattern).sort());
  });

  it('answers every unsupported method on every /api route with a JSON 405 and Allow', async () => {
    useConfig('schedule:\n  enabled: false\n');
    let refused = 0;
    for (const route of routes) {
      const address = sample(route.pattern);
      expect(routePattern(Object.keys(JSON.parse(process.env.PAVED_API_METHODS!)), address), address).toBe(
        route.pattern,
      );
      const allowed = allowedMethods(route.methods);
      for (const method of METHODS) {
        const response = await throughProxy(address, { method });
        if (allowed.includes(method)) {
          expect(response.status, `${method} ${address}`).not.toBe(405);
          continue;
        }
        refused++;
        expect(response.status, `${method} ${address}`).toBe(405);
        expect(response.headers.get('allow'), `${method} ${address}`).toBe(allowed.join(', '));
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(await response.json()).toEqual({
          error: { status: 405, code: 'method_not_allowed', message: expect.stringContaining(method) },
        });
      }
    }
    // e.g. GET /api/v1/sync, POST /api/v1/dora, PUT on every read-only route.
    expect(refused).toBeGreaterThan(routes.length * 3);
  });

  it('leaves supported methods, HEAD of a GET route and OPTIONS to the route', async () => {
    useConfig('schedule:\n  enabled: false\n');
    expect(passedThrough(await throughProxy('/api/health', { method: 'HEAD' }))).toBe(true);
    expect(passedThrough(await throughProxy('/api/health', { method: 'OPTIONS' }))).toBe(true);
    expect((await throughProxy('/api/v1/sync', { method: 'GET' })).status).toBe(405);
    expect((await throughProxy('/api/v1/dora', { method: 'POST' })).status).toBe(405);
    // An address no route matches is left to Next.js (the /api catch-all answers it).
    expect(refuseUnsupportedMethod('PUT', '/elsewhere', { '/api/v1/dora': ['GET'] })).toBeNull();
    expect(refuseUnsupportedMethod('PUT', '/api/v1/dora/x', { '/api/v1/dora': ['GET'] })).toBeNull();
  });
});

describe('routePattern', () => {
  const patterns = ['/api/[...path]', '/api/v1/teams', '/api/v1/teams/[slug]', '/api/v1/[x]/y', '/api/v1/teams/y'];
  it('prefers static segments, then dynamic ones, then a catch-all, as Next.js does', () => {
    expect(routePattern(patterns, '/api/v1/teams')).toBe('/api/v1/teams');
    expect(routePattern(patterns, '/api/v1/teams/payments')).toBe('/api/v1/teams/[slug]');
    expect(routePattern(patterns, '/api/v1/teams/y')).toBe('/api/v1/teams/y');
    expect(routePattern(patterns, '/api/v1/z/y')).toBe('/api/v1/[x]/y');
    expect(routePattern(patterns, '/api/v1/teams/payments/more')).toBe('/api/[...path]');
    expect(routePattern(patterns, '/api')).toBeNull();
    expect(routePattern(patterns, '/api/v1/teams/%ZZ')).toBeNull();
  });
});
