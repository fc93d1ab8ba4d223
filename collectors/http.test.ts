import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextLikeFetch } from '../tests/fakes/next-fetch';
import { boundedWait, exchange, MAX_TIMER_MS, MAX_WAIT_MS, sleep, TransportError } from './http';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as TransportError,
  );

describe('exchange', () => {
  it('reads a body teed the way Next.js does, where cancelling it would never settle', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"Rate Limit Exceeded"}}');
    });
    const teeing = nextLikeFetch();
    const cancelled = (await teeing(url)).body!.cancel().then(() => 'settled');
    const tick = new Promise((resolve) => setTimeout(() => resolve('pending'), 200));
    expect(await Promise.race([cancelled, tick])).toBe('pending');

    const { response, text } = await exchange(teeing, url, {}, 1000);
    expect(response.status).toBe(429);
    expect(text).toContain('Rate Limit Exceeded');
  });

  it('times out a request whose headers are late, and one whose body stalls', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/late-headers') return void setTimeout(() => res.end('{}'), 2000);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '20' });
      res.write('{"half":');
    });
    const started = Date.now();
    const late = await failure(exchange(fetch, `${url}/late-headers`, {}, 150));
    const stalled = await failure(exchange(fetch, `${url}/stalled-body`, {}, 150));
    expect(Date.now() - started).toBeLessThan(1500);
    expect([late.kind, stalled.kind]).toEqual(['timeout', 'timeout']);
    expect(stalled.message).toBe('no answer within 0.15 s');
  });

  it('times out a body even when the fetch it goes through ignores the signal', async () => {
    const endless: typeof fetch = async () =>
      new Response(new ReadableStream({ pull: () => new Promise(() => {}) }), { status: 200 });
    expect((await failure(exchange(endless, 'http://unused.invalid/', {}, 100))).kind).toBe('timeout');
  });

  it('names a body cut off, a connection reset, a refused connection and a body that is not JSON', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/reset') return void req.socket.destroy();
      if (req.url === '/html') return void res.end('<html>maintenance</html>');
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"data":{"rateLimit"', () => req.socket.destroy());
    });
    const cut = await failure(exchange(fetch, `${url}/cut`, {}, 1000));
    expect(cut).toBeInstanceOf(TransportError);
    expect(cut.kind).toBe('cut-off');
    expect(cut.message).toMatch(/^the response body was cut off \(terminated/);
    expect((await failure(exchange(fetch, `${url}/reset`, {}, 1000))).kind).toBe('network');
    const closed = await serve(() => {});
    servers.pop()!.close();
    const refused = await failure(exchange(fetch, closed, {}, 1000));
    expect([refused.kind, refused.detail]).toEqual(['unreachable', 'ECONNREFUSED']);
    const html = await failure(exchange(fetch, `${url}/html`, {}, 1000));
    expect(html.message).toBe('the response body was not JSON (<html>maintenance</html>)');
  });

  it('leaves a cancellation by the caller alone', async () => {
    const url = await serve(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const error = await failure(exchange(fetch, url, { signal: controller.signal }, 5000));
    expect(error).not.toBeInstanceOf(TransportError);
  });
});

describe('waits', () => {
  it('are clamped to MAX_WAIT_MS, and a NaN becomes the cap, not 1 ms', () => {
    expect(boundedWait(10 * 365 * 86_400_000)).toBe(MAX_WAIT_MS);
    expect(boundedWait(Number.NaN)).toBe(MAX_WAIT_MS);
    expect(boundedWait(-5)).toBe(0);
    expect(MAX_WAIT_MS).toBeLessThanOrEqual(MAX_TIMER_MS);
  });

  it('never hand setTimeout a delay it would overflow into 1 ms', () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const spy = vi.spyOn(globalThis, 'setTimeout');
      void sleep(2 ** 40);
      expect(spy.mock.calls[0]![1]).toBe(MAX_TIMER_MS);
    } finally {
      vi.useRealTimers();
    }
  });

  it('end at once when a stopping worker aborts them, and never start when it already has', async () => {
    const stopping = new AbortController();
    const started = Date.now();
    const waiting = sleep(MAX_WAIT_MS, stopping.signal);
    setTimeout(() => stopping.abort(new Error('the worker is stopping')), 20);
    await expect(waiting).rejects.toThrow('the worker is stopping');
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(sleep(10, stopping.signal)).rejects.toThrow('the worker is stopping');
  });
});
