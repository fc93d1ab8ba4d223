import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';

/** Writes a config file and points PAVED_CONFIG at it (a new path each time: the config cache keys on it). */
export function useConfig(yaml: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-access-'));
  const file = path.join(dir, 'paved.yaml');
  writeFileSync(file, yaml);
  process.env.PAVED_CONFIG = file;
  return file;
}

/** Sends a request through proxy.ts as Next.js would; `peer` is the TCP peer bin/serve.ts reports. */
export async function throughProxy(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; peer?: string } = {},
) {
  const { proxy } = await import('../../proxy');
  const headers = new Headers(options.headers);
  headers.set('host', 'paved.test');
  if (options.peer) headers.set('x-paved-peer', options.peer);
  return proxy(new NextRequest(`http://paved.test${pathname}`, { method: options.method ?? 'GET', headers }));
}

/** True when proxy.ts let the request through to the page or handler. */
export const passedThrough = (response: Response) => response.headers.get('x-middleware-next') === '1';

export const OIDC_CONFIG = `schedule:
  enabled: false
auth:
  oidc:
    issuer: http://127.0.0.1:9/
    clientId: paved
  roles:
    admin:
      emails: [admin@example.com]
    viewer:
      domains: [example.com]
`;
