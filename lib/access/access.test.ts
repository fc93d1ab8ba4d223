import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../config';
import { resolveBindHost, UnsafeBindError } from './bind';
import { bearerCredential, secretsMatch } from './credentials';
import { addressMatcher, isLoopbackHost } from './network';
import { roleFor } from './roles';
import { createThrottle } from './throttle';

const FILE = '/etc/paved/paved.config.yaml';
const OIDC = 'auth:\n  oidc:\n    issuer: https://id.example.com\n    clientId: paved\n';

describe('where the server listens', () => {
  it('serves only this machine when no auth is configured, and says so', () => {
    expect(resolveBindHost(undefined, {})).toEqual({
      host: '127.0.0.1',
      notice: expect.stringMatching(/^no auth configured: serving only this machine on 127\.0\.0\.1/),
    });
    expect(resolveBindHost(undefined, { HOST: '::1' }).host).toBe('::1');
    expect(() => resolveBindHost(undefined, { HOST: '0.0.0.0' })).toThrow(UnsafeBindError);
    expect(() => resolveBindHost(undefined, { PAVED_HOST: '192.168.1.5' })).toThrow(/auth\.mode: none/);
  });

  it('serves every interface when auth is configured or explicitly none', () => {
    const none = parseConfigText('auth:\n  mode: none\n', FILE, {}).config.auth;
    expect(resolveBindHost(none, {}).host).toBeUndefined();
    expect(resolveBindHost(none, { HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    const oidc = parseConfigText(OIDC, FILE, {}).config.auth;
    expect(resolveBindHost(oidc, {})).toEqual({ host: undefined, notice: 'sign-in required (OpenID Connect)' });
  });
});

describe('credential checks', () => {
  it('reads only the Bearer scheme', () => {
    expect(bearerCredential(null)).toBeNull();
    expect(bearerCredential('Bearer abc.def')).toBe('abc.def');
    expect(bearerCredential('bearer abc')).toBe('abc');
    for (const header of ['abc', 'Basic YWJj', 'Bearer', 'Bearer a b', 'Bearer\tabc']) {
      expect(bearerCredential(header), header).toBe('');
    }
  });

  it('compares secrets of any length without throwing (hashes are compared, not the secrets)', () => {
    expect(secretsMatch('admin-token', 'admin-token')).toBe(true);
    expect(secretsMatch('admin-toke', 'admin-token')).toBe(false);
    expect(secretsMatch('x'.repeat(10_000), 'admin-token')).toBe(false);
    expect(secretsMatch('', 'admin-token')).toBe(false);
  });

  it('throttles per key within a window, then forgives', () => {
    const throttle = createThrottle({ limit: 3, windowMs: 1000 });
    for (let i = 0; i < 3; i++) throttle.recordFailure('a', 100);
    expect(throttle.retryAfterMs('a', 500)).toBe(600);
    expect(throttle.retryAfterMs('b', 500)).toBe(0);
    expect(throttle.retryAfterMs('a', 1100)).toBe(0);
  });
});

describe('addresses', () => {
  it('matches CIDR ranges, IPv4-mapped peers included', () => {
    const trusted = addressMatcher(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
    expect(trusted('10.200.3.4')).toBe(true);
    expect(trusted('::ffff:10.1.1.1')).toBe(true);
    expect(trusted('192.168.1.7')).toBe(true);
    expect(trusted('192.168.1.8')).toBe(false);
    expect(trusted('fd12::1')).toBe(true);
    expect(trusted('11.0.0.1')).toBe(false);
    expect(trusted(null)).toBe(false);
    expect(trusted('not-an-address')).toBe(false);
  });

  it('knows loopback hosts', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.53'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('roles', () => {
  const roles = {
    admin: { groups: ['platform'], emails: ['boss@partner.org'], domains: [] },
    viewer: { groups: [], emails: [], domains: ['example.com'] },
  };
  it('maps groups, emails and domains; admin first; no match is no role', () => {
    expect(roleFor(roles, { email: 'ann@example.com', groups: ['platform'] })).toBe('admin');
    expect(roleFor(roles, { email: 'Boss@Partner.org', groups: [] })).toBe('admin');
    expect(roleFor(roles, { email: 'ann@EXAMPLE.com', groups: [] })).toBe('viewer');
    expect(roleFor(roles, { email: 'ann@example.com.evil.org', groups: [] })).toBeNull();
    expect(roleFor(roles, { email: null, groups: ['engineering'] })).toBeNull();
  });
});
