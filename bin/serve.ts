import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { getDb } from '../db/database';
import { PEER_HEADER } from '../lib/access/peer';
import { logger } from '../lib/logger';
import { observeRequest } from '../lib/request-log';
import { withResponseCache } from './serve-cached';
import { metrics } from '../lib/telemetry/metrics';
import { loadRoutePatterns } from '../lib/telemetry/route-pattern';

/**
 * The Next.js server, started here rather than by `next start` for one reason: access
 * decisions need the TCP peer's address (trusted proxies, throttling per client), and only
 * the socket knows it. It goes to the app in PEER_HEADER, replacing anything a client sent.
 * Usage: node --import tsx bin/serve.ts start|dev (PORT, and the host bin/supervise.ts chose in PAVED_BIND_HOST).
 */
const log = logger.child('web');
const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.PAVED_BIND_HOST || undefined;

// Tells lib/access/peer.ts that PEER_HEADER is ours, so it may be trusted.
process.env.PAVED_PEER_HEADER = '1';

async function main(): Promise<void> {
  useStandaloneConfig();
  const app = next({ dev: mode === 'dev', hostname, port, ...(mode === 'dev' ? { turbopack: true } : {}) });
  const nextHandler = app.getRequestHandler();
  const handle = mode === 'dev' ? nextHandler : withResponseCache((req, res) => nextHandler(req, res), getDb);
  await app.prepare();
  const routeOf = loadRoutePatterns(path.resolve('.next'));
  const requestDuration = metrics().httpRequestDuration;
  const server = createServer((request, response) => {
    request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
    observeRequest(request, response, log, ({ method, path: pathname, status, seconds }) =>
      requestDuration.observe({ route: routeOf(pathname), method, status: `${Math.floor(status / 100)}xx` }, seconds),
    );
    void handle(request, response);
  });
  if (mode === 'dev')
    server.on('upgrade', (request, socket, head) => void app.getUpgradeHandler()(request, socket, head));
  const stop = () => {
    server.close();
    server.closeIdleConnections();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, hostname, resolve));
  log.info(
    `ready on http://${hostname && hostname.includes(':') ? `[${hostname}]` : (hostname ?? 'localhost')}:${port}`,
  );
}

/**
 * In the standalone artefact there is no next.config.ts: the build wrote the resolved config
 * to required-server-files.json, and Next reads it from this variable, as its own
 * standalone server.js does.
 */
function useStandaloneConfig(): void {
  const file = path.resolve('.next/required-server-files.json');
  if (existsSync(path.resolve('next.config.ts')) || !existsSync(file)) return;
  const { config } = JSON.parse(readFileSync(file, 'utf8')) as { config: unknown };
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG ??= JSON.stringify(config);
}

main().catch((error: unknown) => {
  process.stderr.write(`paved web server failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
