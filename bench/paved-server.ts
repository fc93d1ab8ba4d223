import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** Helpers for benchmarks that start Paved as users start it (`bin/start.ts`, the production build). */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`${url}/api/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} did not become ready`);
}

export function ensureBuild(): void {
  if (existsSync('.next/BUILD_ID')) return;
  console.log('no production build: running next build');
  if (
    spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
      .status !== 0
  )
    throw new Error('next build failed');
}

/**
 * `bin/start.ts` on the demo organisation (the e2e config, the clock pinned) with its own embedded
 * PostgreSQL under `dataDir`; `fresh` starts from an empty data directory. `entry: 'bin/web.ts'`
 * starts the web server alone (no worker), `env` overrides any of the variables.
 */
export async function startPaved(
  dataDir: string,
  options: { fresh?: boolean; env?: Record<string, string>; entry?: 'bin/start.ts' | 'bin/web.ts' } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  if (options.fresh !== false) rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', options.entry ?? 'bin/start.ts'], {
    stdio: 'ignore',
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PAVED_DATA_DIR: dataDir,
      PAVED_CONFIG: 'e2e/paved.e2e.yaml',
      PAVED_NOW: '2026-06-01T12:00:00Z',
      DATABASE_URL: '',
      NEXT_TELEMETRY_DISABLED: '1',
      ...options.env,
    },
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // The start script stops web server, worker, then its embedded PostgreSQL (a few seconds).
  const stop = async () => {
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  };
  try {
    await waitReady(url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
