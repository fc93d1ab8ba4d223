import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, METRICS_CONTENT_TYPE } from './metrics';

/**
 * The worker's own /metrics, on a listen address of its own (PAVED_WORKER_METRICS_PORT, on
 * PAVED_WORKER_METRICS_HOST, 127.0.0.1 unless set): it has no sign-in, so it is reachable only
 * where the operator puts it. It serves only counters and timings, never collected data.
 */
export async function serveWorkerMetrics(port: number, host = '127.0.0.1'): Promise<http.Server & { url: string }> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: the worker serves GET /metrics\n');
      return;
    }
    metrics()
      .registry.metrics()
      .then(
        (body) => response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(body),
        () => response.writeHead(500).end(),
      );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  server.unref();
  const address = server.address() as AddressInfo;
  return Object.assign(server, { url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/metrics` });
}
