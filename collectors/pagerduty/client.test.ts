import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createPagerdutyClient, PagerdutyError } from './client';

/** A bare HTTP server answering from a queue of canned responses, recording what it got. */
async function serve(responses: { status: number; body: string; headers?: Record<string, string> }[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const next = responses.shift() ?? { status: 500, body: '{}' };
    res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
    res.end(next.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('PagerDuty client', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());
  const sleeps: number[] = [];
  const sleep = async (ms: number) => void sleeps.push(ms);

  it('sends the token and version headers, and retries 5xx and 429 (waiting ratelimit-reset seconds)', async () => {
    const s = await serve([
      { status: 503, body: 'unavailable' },
      {
        status: 429,
        body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}',
        headers: { 'ratelimit-reset': '12', 'ratelimit-remaining': '0' },
      },
      { status: 200, body: '{"ok":true}' },
    ]);
    close = s.close;
    sleeps.length = 0;
    const client = createPagerdutyClient({ apiUrl: s.url + '/', token: 'secret-token-1' }, { sleep });
    expect(await client.get('/services', { limit: 100, statuses: ['triggered', 'resolved'] })).toEqual({ ok: true });
    expect(client.spent.restCalls).toBe(3);
    expect(sleeps[1]).toBe(12_000);
    expect(s.seen[0]).toMatchObject({
      authorization: 'Token token=secret-token-1',
      accept: 'application/vnd.pagerduty+json;version=2',
    });
  });

  it('gives up after repeated 429s with PagerDuty’s own message', async () => {
    const s = await serve(
      Array.from({ length: 20 }, () => ({
        status: 429,
        body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}',
        headers: { 'ratelimit-reset': '1' },
      })),
    );
    close = s.close;
    const client = createPagerdutyClient({ apiUrl: s.url, token: 'secret-token-1' }, { sleep });
    await expect(client.get('/incidents')).rejects.toThrow(
      'PagerDuty GET /incidents answered HTTP 429: Rate Limit Exceeded [code 2020]',
    );
    expect(client.spent.restCalls).toBe(11);
  });

  it('names the endpoint and field of a malformed payload, and of a body that is not JSON', async () => {
    const s = await serve([
      { status: 200, body: '{"services":[{"id":"P1","name":42}],"more":false}' },
      ...Array.from({ length: 6 }, () => ({ status: 200, body: '<html>maintenance</html>' })),
    ]);
    close = s.close;
    const client = createPagerdutyClient({ apiUrl: s.url, token: 'secret-token-1' }, { sleep });
    const schema = z.object({ services: z.array(z.object({ id: z.string(), name: z.string() })), more: z.boolean() });
    await expect(client.getParsed('/services', {}, schema)).rejects.toThrow(
      /unexpected PagerDuty response from GET \/services: field services\.0\.name: /,
    );
    // Retried first, like a 5xx: a proxy's maintenance page is usually brief.
    await expect(client.get('/services')).rejects.toThrow(
      'PagerDuty GET /services answered with a body that is not JSON (<html>maintenance</html>); gave up after 6 attempts',
    );
  });

  it('reports an unreachable API without the token, and a 404 with its status', async () => {
    const s = await serve([{ status: 404, body: '{"error":{"message":"Not Found","code":2100}}' }]);
    close = s.close;
    const client = createPagerdutyClient({ apiUrl: s.url, token: 'secret-token-1' }, { sleep });
    const notFound = await client.get('/incidents/QX').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(PagerdutyError);
    expect((notFound as PagerdutyError).status).toBe(404);
    const offline = createPagerdutyClient({ apiUrl: 'http://127.0.0.1:1', token: 'secret-token-1' }, { sleep });
    const error = await offline.get('/services').catch((e: Error) => e);
    expect(String(error)).toMatch(
      /PagerDuty API at http:\/\/127\.0\.0\.1:1 is unreachable \(.+\): check pagerduty.apiUrl/,
    );
    expect(String(error)).not.toContain('secret-token-1');
  });
});
