import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InjectedAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * A local HTTP proxy to `target` that holds each request `delayMs` first (a fake with a real
 * network's pace); `intercept` may answer a request itself instead (a fault). `peak` is the most
 * requests it held at once since the last `resetPeak` (what a client had in flight).
 */
export async function startLatencyProxy(
  target: string,
  delayMs: number,
  intercept?: (request: http.IncomingMessage) => InjectedAnswer | null,
): Promise<{ url: string; close(): Promise<void>; peak(): number; resetPeak(): void }> {
  const base = new URL(target);
  let inFlight = 0;
  let peak = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.once('close', () => inFlight--);
    setTimeout(() => {
      const injected = intercept?.(req);
      if (injected) {
        req.resume();
        res.writeHead(injected.status, { 'content-type': 'application/json', ...injected.headers });
        res.end(injected.body);
        return;
      }
      const upstream = http.request(
        {
          host: base.hostname,
          port: base.port,
          path: base.pathname.replace(/\/$/, '') + req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    peak: () => peak,
    resetPeak: () => (peak = inFlight),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
