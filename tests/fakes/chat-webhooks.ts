import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  body: unknown;
}

/**
 * Slack and Microsoft Teams incoming webhooks on loopback, answering as they do: Slack `200 ok`,
 * a removed Slack webhook `404 no_service`; Teams `200 1`. A path under /flaky/ answers 500 to
 * its first request (the queue retries it). Every POST is recorded with its JSON body.
 */
export async function startFakeChatWebhooks(options: { port?: number } = {}): Promise<{
  url: (path: string) => string;
  received: ReceivedPost[];
  close(): Promise<void>;
}> {
  const received: ReceivedPost[] = [];
  const failedOnce = new Set<string>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      if (request.method !== 'POST') return void response.writeHead(405).end();
      if (path.startsWith('/gone'))
        return void response.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
      if (path.startsWith('/flaky/') && !failedOnce.has(path)) {
        failedOnce.add(path);
        return void response.writeHead(500, { 'content-type': 'text/plain' }).end('internal_error');
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
      }
      received.push({ path, body });
      response.writeHead(200, { 'content-type': 'text/plain' }).end(path.includes('teams') ? '1' : 'ok');
    });
  });
  // A fixed port when the sender's configuration must name it before this starts (the e2e server's).
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
