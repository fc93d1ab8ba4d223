import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../access/api-tokens';
import { closeProcessDatabase } from '../../db/database';
import { useConfig } from '../helpers/access';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/** /api/v1/tokens and the admin check inside route handlers, against a real database. */
let t: TestDatabase;
let admin: string;
let viewer: string;
const tokensRoute = () => import('../../app/api/v1/tokens/route');
const tokenRoute = () => import('../../app/api/v1/tokens/[id]/route');
const call = (method: string, path: string, token: string, body?: string) =>
  new Request(`http://paved.test${path}`, { method, headers: { authorization: `Bearer ${token}` }, body });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  useConfig('schedule:\n  enabled: false\n');
  admin = (await createApiToken(t.db, { name: 'root', role: 'admin', createdBy: 'test' })).token;
  viewer = (await createApiToken(t.db, { name: 'reader', role: 'viewer', createdBy: 'test' })).token;
});
afterAll(async () => {
  await closeProcessDatabase();
  await t.drop();
});

describe('/api/v1/tokens', () => {
  it('creates a token shown once, lists tokens without secrets, and revokes', async () => {
    const created = await (
      await tokensRoute()
    ).POST(call('POST', '/api/v1/tokens', admin, JSON.stringify({ name: 'ci', role: 'viewer' })));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { token: string; id: number; createdBy: string; hint: string };
    expect(body.token).toMatch(/^paved_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({ createdBy: 'token:root', hint: body.token.slice(-4) });

    const list = await (await tokensRoute()).GET(call('GET', '/api/v1/tokens', admin));
    const text = await list.text();
    expect(text).not.toContain(body.token);
    expect(JSON.parse(text).items.map((i: { name: string }) => i.name)).toEqual(['ci', 'reader', 'root']);

    const revoke = () =>
      tokenRoute().then((m) =>
        m.DELETE(call('DELETE', `/api/v1/tokens/${body.id}`, admin), {
          params: Promise.resolve({ id: String(body.id) }),
        }),
      );
    expect((await revoke()).status).toBe(204);
    expect((await revoke()).status).toBe(404);
  });

  it('answers 400 with a message for a bad body, never 500', async () => {
    for (const bad of [
      '',
      'not json',
      '{"name":"x"}',
      '{"name":"x","role":"root"}',
      '{"name":"","role":"viewer"}',
      'x'.repeat(5000),
    ]) {
      const response = await (await tokensRoute()).POST(call('POST', '/api/v1/tokens', admin, bad));
      expect(response.status, bad.slice(0, 20)).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBeTruthy();
    }
  });

  it('a viewer is refused inside the handlers too (403), and no token at all gets 401', async () => {
    expect((await (await tokensRoute()).GET(call('GET', '/api/v1/tokens', viewer))).status).toBe(403);
    const sync = await import('../../app/api/v1/sync/route');
    expect((await sync.POST(call('POST', '/api/v1/sync', viewer))).status).toBe(403);
    expect((await sync.POST(new Request('http://paved.test/api/v1/sync', { method: 'POST' }))).status).toBe(401);
  });
});
