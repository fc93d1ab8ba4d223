import { spawn } from 'node:child_process';
import { expect } from '@playwright/test';

/**
 * A Paved web server of a spec's own (its database and config), beside the main e2e server,
 * started as `bin/serve.ts start` and ready when /api/ready answers 200. `stop` waits for it to exit.
 */
export async function startSecondServer(
  port: number,
  env: { PAVED_CONFIG: string; DATABASE_URL: string; PAVED_NOW: string },
) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/serve.ts', 'start'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      PAVED_BIND_HOST: '127.0.0.1',
      NEXT_TELEMETRY_DISABLED: '1',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => (await fetch(`${url}/api/ready`).catch(() => null))?.status, { timeout: 120_000 })
    .toBe(200);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    },
  };
}
