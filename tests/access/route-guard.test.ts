import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../../access/api-tokens';
import { closeProcessDatabase } from '../../db/database';
import { OIDC_CONFIG, passedThrough, throughProxy, useConfig } from '../helpers/access';
import { fillRoute, listAppRoutes, type AppRoute } from '../helpers/app-routes';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * proxy.ts over every page and route handler found under app/: without credentials each is
 * refused (401 JSON for the API, a redirect to sign-in for pages) unless it is on the public
 * list; tokens are honoured by role and refused once revoked.
 */
let t: TestDatabase;
const routes = listAppRoutes();
const samplePath = (route: AppRoute) => fillRoute(route, Object.fromEntries(route.segments.map((s) => [s, 'sample'])));
const PUBLIC = new Set([
  '/api/health',
  '/api/ready',
  '/api/v1/badges/[service]',
  // Their credential is the signature over the body, which the handler checks (tests/webhooks/).
  '/api/v1/webhooks/github',
  '/api/v1/webhooks/pagerduty',
  '/auth/sign-in',
  '/auth/callback',
  '/auth/sign-out',
]);
const ADMIN_PREFIXES = ['/admin', '/api/v1/tokens', '/api/v1/audit'];

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_PEER_HEADER = '1';
  useConfig(OIDC_CONFIG);
});
afterAll(async () => {
  delete process.env.PAVED_PEER_HEADER;
  await closeProcessDatabase();
  await t.drop();
});

describe('the route list', () => {
  it('is read from the file system and covers pages and the API', () => {
    const patterns = routes.map((r) => r.pattern);
    expect(patterns).toContain('/');
    expect(patterns).toContain('/services/[slug]');
    expect(patterns).toContain('/api/v1/sync');
    expect(routes.every((r) => r.methods.length > 0)).toBe(true);
  });

  it('is entirely inside the proxy matcher', async () => {
    const { config } = await import('../../proxy');
    const matchers = config.matcher.map((m) => new RegExp(`^${m}$`));
    for (const route of routes) {
      expect(
        matchers.some((m) => m.test(samplePath(route))),
        route.file,
      ).toBe(true);
    }
    expect(matchers.some((m) => m.test('/_next/static/chunks/app.js'))).toBe(false);
  });
});

describe('without credentials', () => {
  for (const route of routes) {
    for (const method of route.methods) {
      it(`${method} ${route.pattern} is ${PUBLIC.has(route.pattern) ? 'public' : 'refused'}`, async () => {
        const response = await throughProxy(samplePath(route), { method, peer: '10.1.2.3' });
        if (PUBLIC.has(route.pattern)) {
          expect(passedThrough(response)).toBe(true);
        } else if (route.kind === 'route') {
          expect(response.status).toBe(401);
          expect((await response.json()).error.code).toBe('unauthorized');
        } else {
          expect(response.status).toBe(303);
          expect(response.headers.get('location')).toBe(
            `http://paved.test/auth/sign-in?next=${encodeURIComponent(samplePath(route))}`,
          );
        }
      });
    }
  }
});

describe('API tokens', () => {
  it('a viewer token reads every page and read-only API; admin paths and writes answer 403', async () => {
    const { token } = await createApiToken(t.db, { name: 'reader', role: 'viewer', createdBy: 'test' });
    const headers = { authorization: `Bearer ${token}` };
    for (const route of routes) {
      for (const method of route.methods) {
        const response = await throughProxy(samplePath(route), { method, headers });
        const adminOnly =
          !PUBLIC.has(route.pattern) &&
          (method !== 'GET' || ADMIN_PREFIXES.some((prefix) => route.pattern.startsWith(prefix)));
        expect(response.status === 403, `${method} ${route.pattern}`).toBe(adminOnly);
        if (!adminOnly) expect(passedThrough(response), `${method} ${route.pattern}`).toBe(true);
      }
    }
  });

  it('an admin token passes admin paths; once revoked it is refused', async () => {
    const { token, summary } = await createApiToken(t.db, { name: 'ops', role: 'admin', createdBy: 'test' });
    const headers = { authorization: `Bearer ${token}` };
    expect(passedThrough(await throughProxy('/api/v1/sync', { method: 'POST', headers }))).toBe(true);
    expect(passedThrough(await throughProxy('/api/v1/tokens', { headers }))).toBe(true);
    expect(await revokeApiToken(t.db, summary.id, 'test')).toBe(true);
    const refused = await throughProxy('/api/v1/tokens', { headers });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.message).toMatch(/unknown or revoked/);
    expect((await throughProxy('/', { headers })).status).toBe(303);
    const row = await t.db.selectFrom('api_tokens').selectAll().where('id', '=', summary.id).executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token.slice(6, 20));
    expect(row.last_used_at).not.toBeNull();
    const audit = await t.db.selectFrom('audit_log').select(['action', 'actor']).orderBy('id').execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'token.create', actor: 'test' },
        { action: 'token.revoke', actor: 'test' },
      ]),
    );
  });

  it('only the Bearer scheme is accepted', async () => {
    const { token } = await createApiToken(t.db, { name: 'scheme', role: 'viewer', createdBy: 'test' });
    for (const authorization of [token, `Basic ${token}`, `Token ${token}`, `Bearer`, `Bearer ${token} extra`]) {
      const response = await throughProxy('/api/v1/services', { headers: { authorization }, peer: '10.9.9.1' });
      expect(response.status, authorization.slice(0, 12)).toBe(401);
    }
    expect(
      passedThrough(await throughProxy('/api/v1/services', { headers: { authorization: `bearer ${token}` } })),
    ).toBe(true);
  });

  it('throttles one address after 10 failures without locking out others', async () => {
    const wrong = { authorization: 'Bearer paved_wrong' };
    for (let i = 0; i < 10; i++) {
      expect((await throughProxy('/api/v1/services', { headers: wrong, peer: '10.7.7.7' })).status).toBe(401);
    }
    const throttled = await throughProxy('/api/v1/services', { headers: wrong, peer: '10.7.7.7' });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    const { token } = await createApiToken(t.db, { name: 'other', role: 'viewer', createdBy: 'test' });
    const other = await throughProxy('/api/v1/services', {
      headers: { authorization: `Bearer ${token}` },
      peer: '10.7.7.8',
    });
    expect(passedThrough(other)).toBe(true);
  });

  it('badges stop being public with auth.publicBadges: false', async () => {
    useConfig(OIDC_CONFIG.replace('auth:\n', 'auth:\n  publicBadges: false\n'));
    expect((await throughProxy('/api/v1/badges/web')).status).toBe(401);
    useConfig(OIDC_CONFIG);
    expect(passedThrough(await throughProxy('/api/v1/badges/web'))).toBe(true);
  });
});

describe('docs/access.md', () => {
  it('lists every route with its methods', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/access.md', import.meta.url), 'utf8');
    const rows = new Map(
      doc
        .split('\n')
        .filter((line) => line.startsWith('| `'))
        .map((line) => line.split('|').map((cell) => cell.trim()))
        .map((cells) => [cells[1]!.replaceAll('`', ''), cells[2]] as const),
    );
    for (const route of routes) expect(rows.get(route.pattern), route.pattern).toBe(route.methods.join(', '));
  });
});
