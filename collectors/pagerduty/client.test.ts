import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nextLikeFetch } from '../../tests/fakes/next-fetch';
import { createPagerdutyClient, PagerdutyError } from './client';

interface Canned {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Send half the body, then destroy the socket. */
  cut?: boolean;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Answer this late. */
  delayMs?: number;
}

/** A bare HTTP server answering from a queue of canned responses, recording what it got. */
async function serve(responses: Canned[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    const next = responses.shift() ?? { status: 500, body: '{}' };
    if (next.reset) return void req.socket.destroy();
    const answer = () => {
      if (res.destroyed) return;
      const length = String(Buffer.byteLength(next.body));
      res.writeHead(next.status, { 'content-type': 'application/json', 'content-length': length, ...next.headers });
      if (next.cut) res.write(next.body.slice(0, next.body.length / 2), () => req.socket.destroy());
      else res.end(next.body);
    };
    if (next.delayMs) setTimeout(answer, next.delayMs);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
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

  // Next.js tees every response body; cancelling the branch it hands over never settles, so
  // a client that cancels instead of reading hangs the whole sync (each would time out here).
  describe('behind a fetch that tees bodies, as Next.js does', () => {
    const rateLimited = {
      status: 429,
      body: '{"error":{"message":"Rate Limit Exceeded","code":2020}}',
      headers: { 'ratelimit-reset': '1' },
    };
    it.each([
      ['429', rateLimited],
      ['503', { status: 503, body: '{"error":{"message":"Service Unavailable"}}' }],
    ])('retries a %s and completes', { timeout: 5000 }, async (_status, first) => {
      const s = await serve([first, { status: 200, body: '{"ok":true}' }]);
      close = s.close;
      const teeing = nextLikeFetch();
      const client = createPagerdutyClient({ apiUrl: s.url, token: 'secret-token-1' }, { sleep, fetch: teeing });
      expect(await client.get('/services')).toEqual({ ok: true });
      expect(client.spent.restCalls).toBe(2);
      expect(teeing.kept).toHaveLength(2);
    });

    it('fails a 401 at once', { timeout: 5000 }, async () => {
      const s = await serve([{ status: 401, body: '{"error":{"message":"Authentication failed","code":2006}}' }]);
      close = s.close;
      const client = createPagerdutyClient(
        { apiUrl: s.url, token: 'secret-token-1' },
        { sleep, fetch: nextLikeFetch() },
      );
      await expect(client.get('/services')).rejects.toThrow('PagerDuty rejected the token (401) on GET /services');
    });
  });

  it('retries a body cut off, a reset connection and a late answer, and says which when it gives up', async () => {
    const page = '{"services":[],"more":false,"limit":100,"offset":0}';
    const s = await serve([
      { status: 200, body: page, cut: true },
      { status: 200, body: page, reset: true },
      { status: 200, body: page, delayMs: 400 },
      { status: 200, body: page },
      ...Array.from({ length: 6 }, () => ({ status: 200, body: page, cut: true })),
      ...Array.from({ length: 6 }, () => ({ status: 200, body: page, delayMs: 400 })),
    ]);
    close = s.close;
    sleeps.length = 0;
    const client = createPagerdutyClient({ apiUrl: s.url, token: 'secret-token-1' }, { sleep, timeoutMs: 100 });
    expect(await client.get('/services')).toEqual(JSON.parse(page));
    expect(client.spent.restCalls).toBe(4);
    expect(sleeps).toHaveLength(3);
    await expect(client.get('/services')).rejects.toThrow(
      /^PagerDuty GET \/services gave no usable answer: the response body was cut off \(terminated.*\); gave up after 6 attempts$/,
    );
    await expect(client.get('/services')).rejects.toThrow(
      'PagerDuty GET /services gave no usable answer: no answer within 0.1 s; gave up after 6 attempts',
    );
  });
});
