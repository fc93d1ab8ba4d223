import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endSession, SESSION_COOKIE, startSession } from '../../access/sessions';
import { closeProcessDatabase } from '../../db/database';
import { OIDC_CONFIG, passedThrough, throughProxy, useConfig } from '../helpers/access';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/** Trusted reverse-proxy mode and server-side sessions, through proxy.ts against a real database. */
let t: TestDatabase;

const PROXY_CONFIG = `schedule:
  enabled: false
auth:
  proxy:
    header: X-Forwarded-Email
    groupsHeader: X-Forwarded-Groups
    trustedProxies: [10.0.0.0/8, "::1"]
  roles:
    admin:
      groups: [platform]
    viewer:
      domains: [example.com]
`;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_PEER_HEADER = '1';
});
afterAll(async () => {
  delete process.env.PAVED_PEER_HEADER;
  await closeProcessDatabase();
  await t.drop();
});

describe('trusted reverse-proxy mode', () => {
  beforeAll(() => void useConfig(PROXY_CONFIG));
  const as = (email: string, peer: string, extra: Record<string, string> = {}) => ({
    peer,
    headers: { 'x-forwarded-email': email, ...extra },
  });

  it('honours the header from a trusted proxy, with the role its rules give', async () => {
    expect(passedThrough(await throughProxy('/services', as('ann@example.com', '10.1.2.3')))).toBe(true);
    expect(passedThrough(await throughProxy('/services', as('ann@example.com', '::ffff:10.1.2.3')))).toBe(true);
    const viewerWrite = await throughProxy('/api/v1/sync', {
      method: 'POST',
      ...as('ann@example.com', '10.1.2.3', { origin: 'http://paved.test' }),
    });
    expect(viewerWrite.status).toBe(403);
    const adminWrite = as('bo@example.com', '10.1.2.3', {
      'x-forwarded-groups': 'dev, platform',
      origin: 'http://paved.test',
    });
    expect(passedThrough(await throughProxy('/api/v1/sync', { method: 'POST', ...adminWrite }))).toBe(true);
    const outsider = await throughProxy('/api/v1/services', as('eve@elsewhere.org', '10.1.2.3'));
    expect(outsider.status).toBe(403);
    expect((await outsider.json()).error.message).toMatch(/no role/);
  });

  it('ignores the header from an untrusted address, or when the peer is unknown', async () => {
    expect((await throughProxy('/api/v1/services', as('ann@example.com', '192.168.0.9'))).status).toBe(401);
    expect((await throughProxy('/api/v1/services', as('ann@example.com', '11.0.0.1'))).status).toBe(401);
    // Not started by bin/serve.ts: the peer header could be the client's own invention.
    delete process.env.PAVED_PEER_HEADER;
    try {
      expect((await throughProxy('/api/v1/services', as('ann@example.com', '10.1.2.3'))).status).toBe(401);
    } finally {
      process.env.PAVED_PEER_HEADER = '1';
    }
  });

  it('checks Origin on writes (CSRF): missing or foreign is refused', async () => {
    const admin = { 'x-forwarded-groups': 'platform' };
    for (const origin of [undefined, 'https://evil.example', 'null']) {
      const headers = origin ? { ...admin, origin } : admin;
      const response = await throughProxy('/api/v1/sync', {
        method: 'POST',
        ...as('bo@example.com', '10.0.0.1', headers),
      });
      expect(response.status, String(origin)).toBe(403);
      expect((await response.json()).error.code).toBe('cross_origin');
    }
  });
});

describe('sessions', () => {
  beforeAll(() => void useConfig(OIDC_CONFIG));
  const user = { subject: 'sub-1', email: 'ann@example.com', name: 'Ann', role: 'viewer' as const };
  const withCookie = (value: string) => ({ headers: { cookie: `other=1; ${SESSION_COOKIE}=${value}` } });

  it('a live session passes; a tampered, ended or expired one is sent to sign in', async () => {
    const cookie = await startSession(t.db, user, 1);
    expect(passedThrough(await throughProxy('/services', withCookie(cookie)))).toBe(true);
    const row = await t.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).not.toContain(row.id_hash);

    const tampered = cookie.slice(0, -4) + (cookie.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await throughProxy('/services', withCookie(tampered))).status).toBe(303);

    await t.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute();
    expect((await throughProxy('/services', withCookie(cookie))).status).toBe(303);

    const second = await startSession(t.db, user, 1);
    expect(passedThrough(await throughProxy('/services', withCookie(second)))).toBe(true);
    expect(await endSession(t.db, second)).toMatchObject({ email: 'ann@example.com' });
    expect((await throughProxy('/services', withCookie(second))).status).toBe(303);
    expect((await throughProxy('/api/v1/services', withCookie(second))).status).toBe(401);
  });
});
