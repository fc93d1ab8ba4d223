import { describe, expect, it } from 'vitest';
import { createLogger, formatReadable, registerSecret } from './logger';

describe('logger', () => {
  it('writes one JSON object a line with level, time, component, message and the fields', () => {
    const lines: string[] = [];
    const log = createLogger('worker', (l) => lines.push(l)).child('github', { runId: 7 });
    log.info('listed', { repositories: 3 });
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      component: 'worker:github',
      runId: 7,
      message: 'listed',
      repositories: 3,
    });
    expect(lines[0]!.match(/"component"/g)).toHaveLength(1);
  });

  it('redacts registered secrets (a PEM too), secret-named fields and URL credentials wherever they are', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEabcdefgh\n-----END RSA PRIVATE KEY-----\n';
    registerSecret('ghs_registered_value');
    registerSecret(pem);
    const lines: string[] = [];
    const log = createLogger('test', (l) => lines.push(l));
    log.error('GitHub said no to ghs_registered_value', {
      key: pem,
      token: 'unregistered-token',
      nested: { password: 'hunter2', authorization: 'bearer abc' },
      url: 'postgres://paved:s3cret@db:5432/paved',
    });
    const text = lines.join('\n');
    for (const secret of [
      'ghs_registered_value',
      'MIIEabcdefgh',
      'unregistered-token',
      'hunter2',
      'bearer abc',
      's3cret',
    ])
      expect(text).not.toContain(secret);
    expect(() => JSON.parse(lines[0]!)).not.toThrow();
  });

  it('prints readable lines for a terminal, and honours the level', () => {
    const lines: string[] = [];
    const log = createLogger('supervisor', (l) => lines.push(l), { readable: true, level: 'info' });
    log.debug('not shown');
    log.warn('careful', { part: 'web' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ warn  \[supervisor\] careful \{"part":"web"\}$/);
    expect(formatReadable('not json')).toBe('not json');
  });
});
