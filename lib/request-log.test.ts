import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { observeRequest } from './request-log';

describe('request logs', () => {
  const lines: string[] = [];
  const seenByApp: string[] = [];
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    const log = createLogger('web', (line) => lines.push(line));
    server = http.createServer((req, res) => {
      observeRequest(req, res, log);
      seenByApp.push(String(req.headers['x-request-id']));
      res.statusCode = req.url?.startsWith('/missing') ? 404 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const logged = async (count: number) => {
    for (let i = 0; i < 50 && lines.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  };

  it('honours a caller X-Request-Id, makes one otherwise, and logs one JSON line per request without the query', async () => {
    lines.length = 0;
    const given = await fetch(`${base}/api/v1/dora?token=sekrit123`, { headers: { 'X-Request-Id': 'proxy-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('proxy-abc.123');
    const made = await fetch(`${base}/missing`, { headers: { 'X-Request-Id': 'no spaces <allowed>' } });
    const madeId = made.headers.get('x-request-id')!;
    expect(madeId).toMatch(/^[0-9a-f-]{36}$/);
    await fetch(`${base}/_next/static/chunks/a.js`);
    const entries = await logged(2);
    expect(seenByApp.slice(-3, -1)).toEqual(['proxy-abc.123', madeId]);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      level: 'info',
      component: 'web',
      message: 'GET /api/v1/dora 200',
      requestId: 'proxy-abc.123',
      path: '/api/v1/dora',
      status: 200,
    });
    expect(typeof entries[0]!.time).toBe('string');
    expect(entries[1]).toMatchObject({ requestId: madeId, status: 404 });
    expect(lines.join('\n')).not.toContain('sekrit123');
  });
});
