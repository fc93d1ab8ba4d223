import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken } from '../access/api-tokens';
import { decideAccess } from '../access/guard';
import { noteFiguresChanged } from '../db/figure-generation';
import { setSetting } from '../db/writes/settings';
import { OIDC_CONFIG, useConfig } from '../tests/helpers/access';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { PEER_HEADER, peerAddress } from '../lib/access/peer';
import { loadConfigCached } from '../lib/config';
import { contentSecurityPolicy, newNonce } from '../lib/security-headers';
import { CACHE_HEADER, withResponseCache } from './serve-cached';

/**
 * The response cache in front of a stand-in for Next.js that does what matters here as Next.js
 * and proxy.ts do: decides access (counting wrong tokens), sets a per-request nonce in the
 * Content-Security-Policy and in the document, and renders what the route says.
 */
let t: TestDatabase;
let server: Server;
let base: string;
let renders: string[];
let admin: string;
let viewer: string;
let viewerId: number;
/** Holds the cache's database lookups back this long: a client can leave before the cache decides. */
let lookupDelayMs = 0;

async function render(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url!, 'http://paved.test');
  const headers = new Headers(request.headers as Record<string, string>);
  const decision = await decideAccess(t.db, loadConfigCached().config, {
    method: request.method!,
    pathname: url.pathname,
    headers,
    peer: peerAddress(headers),
  });
  if (!decision.allow) {
    response.writeHead(decision.status, { 'content-type': 'application/json' }).end('{"error":"refused"}');
    return;
  }
  renders.push(url.pathname);
  if (url.pathname === '/teams/slow') await new Promise((resolve) => setTimeout(resolve, 150));
  if (url.pathname.startsWith('/api/')) {
    response.setHeader('etag', 'W/"figures-1"');
    response.setHeader('cache-control', 'private, no-cache');
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ renders: renders.length, role: decision.principal?.role }));
    return;
  }
  const nonce = newNonce();
  response.setHeader('content-security-policy', contentSecurityPolicy({ nonce, https: false, development: false }));
  response.setHeader('content-type', 'text/html; charset=utf-8');
  if (url.pathname === '/teams/cookie') response.setHeader('set-cookie', 'paved_flash=1');
  if (url.pathname === '/teams/varies') response.setHeader('vary', 'cookie');
  if (url.pathname === '/teams/missing') response.statusCode = 404;
  // Streamed in parts, as React streams a page; the nonce also appears JSON-escaped in the payload.
  response.write(
    `<!doctype html><script nonce="${nonce}">self.__next_f.push([1,"{\\"nonce\\":\\"${nonce}\\"}"])</script>`,
  );
  response.end(`<main>${decision.principal?.role} page ${renders.length} ${'x'.repeat(2000)}</main>`);
}

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const nonceOf = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)![1]!;
const withoutNonce = (body: Buffer, nonce: string) => body.toString('utf8').split(nonce).join('NONCE');

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.PAVED_PEER_HEADER = '1';
  useConfig(OIDC_CONFIG);
  admin = (await createApiToken(t.db, { name: 'ci', role: 'admin', createdBy: 'test' })).token;
  const created = await createApiToken(t.db, { name: 'wall', role: 'viewer', createdBy: 'test' });
  viewer = created.token;
  viewerId = created.summary.id;
  const handle = withResponseCache(render, async () => {
    await new Promise((resolve) => setTimeout(resolve, lookupDelayMs));
    return t.db;
  });
  server = createServer((request, response) => {
    request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  delete process.env.PAVED_PEER_HEADER;
  await t.drop();
});
beforeEach(async () => {
  renders = [];
  lookupDelayMs = 0;
  // Each test starts from generations no earlier test has cached under.
  await t.db.transaction().execute((trx) => noteFiguresChanged(trx));
});

describe('the response cache', () => {
  it('sends a kept page again with a nonce of its own, in the policy and in the document alike', async () => {
    const first = await get('/teams/payments', bearer(admin));
    const second = await get('/teams/payments', bearer(admin));
    expect(renders).toEqual(['/teams/payments']);
    expect(first.response.headers.get(CACHE_HEADER)).toBeNull();
    expect(second.response.headers.get(CACHE_HEADER)).toBe('hit');
    const [a, b] = [nonceOf(first.response), nonceOf(second.response)];
    expect(a).not.toBe(b);
    expect(second.body.toString()).not.toContain(a);
    expect(second.body.toString().split(b)).toHaveLength(3);
    expect(withoutNonce(second.body, b)).toBe(withoutNonce(first.body, a));
    expect(second.response.headers.get('content-length')).toBe(String(second.body.length));
  });

  it('renders again once the figure generation or the collection generation moves', async () => {
    await get('/', bearer(admin));
    await get('/', bearer(admin));
    expect(renders).toHaveLength(1);
    await t.db.transaction().execute((trx) => noteFiguresChanged(trx));
    const afterDerivation = await get('/', bearer(admin));
    expect(afterDerivation.body.toString()).toContain('page 2');
    // A collected row or a sync's state (the header's last sync) changes what a page shows.
    await setSetting(t.db, 'test.collected', { at: 1 });
    const afterSync = await get('/', bearer(admin));
    expect(afterSync.body.toString()).toContain('page 3');
    expect(renders).toHaveLength(3);
  });

  it('keeps a response for whom it was rendered: another principal renders its own, a revoked token is refused', async () => {
    const asAdmin = await get('/roadmap', bearer(admin));
    const asViewer = await get('/roadmap', bearer(viewer));
    expect(asAdmin.body.toString()).toContain('admin page');
    expect(asViewer.body.toString()).toContain('viewer page');
    expect(renders).toHaveLength(2);
    expect((await get('/roadmap', bearer(viewer))).response.headers.get(CACHE_HEADER)).toBe('hit');

    expect((await get('/roadmap')).response.status).toBe(401);
    expect((await get('/roadmap', bearer('paved_wrong'))).response.status).toBe(401);
    await revokeApiToken(t.db, viewerId, 'test');
    const revoked = await get('/roadmap', bearer(viewer));
    expect(revoked.response.status).toBe(401);
    expect(revoked.body.toString()).not.toContain('page');
  });

  it('counts a wrong token once, as if there were no cache', async () => {
    // 10 failures a minute from one address are allowed; the test before made 2. Counted twice
    // (once here, once by proxy.ts), the 5th of these would be a 429.
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await get('/compare', bearer('paved_not-a-token'))).response.status);
    expect(statuses).toEqual(Array(7).fill(401));
  });

  it('keeps no response that is not a complete 200 of a listed route, sets a cookie, or varies on an unkeyed header', async () => {
    for (const path of ['/teams/cookie', '/teams/varies', '/teams/missing', '/data-quality', '/digests']) {
      await get(path, bearer(admin));
      const again = await get(path, bearer(admin));
      expect(again.response.headers.get(CACHE_HEADER), path).toBeNull();
    }
    expect(renders).toHaveLength(10);
  });

  it('answers If-None-Match from a kept API answer with 304', async () => {
    const first = await get('/api/v1/dora?team=payments', bearer(admin));
    expect(first.response.headers.get('etag')).toBe('W/"figures-1"');
    const revalidated = await get('/api/v1/dora?team=payments', { ...bearer(admin), 'if-none-match': 'W/"figures-1"' });
    expect(revalidated.response.status).toBe(304);
    expect(renders).toHaveLength(1);
  });

  it('renders once for requests that arrive together, and compresses replays for clients that accept gzip', async () => {
    const together = await Promise.all(Array.from({ length: 5 }, () => get('/teams/slow', bearer(admin))));
    expect(renders).toEqual(['/teams/slow']);
    expect(together.map((r) => r.response.status)).toEqual(Array(5).fill(200));
    const raw = await fetch(`${base}/teams/slow`, { headers: { ...bearer(admin), 'accept-encoding': 'gzip' } });
    expect(raw.headers.get('content-encoding')).toBe('gzip');
    expect(raw.headers.get('vary')).toContain('Accept-Encoding');
    expect((await raw.text()).length).toBeGreaterThan(2000);
  });

  it('is not held up by a client that left before its response was rendered', async () => {
    lookupDelayMs = 300;
    await expect(
      fetch(`${base}/teams/gone`, { headers: bearer(admin), signal: AbortSignal.timeout(50) }),
    ).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    lookupDelayMs = 0;
    const next = await get('/teams/gone', bearer(admin));
    expect(next.response.status).toBe(200);
    expect((await get('/teams/gone', bearer(admin))).response.headers.get(CACHE_HEADER)).toBe('hit');
  });
});
