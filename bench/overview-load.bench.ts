import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { chromium } from '@playwright/test';
import { coldVisit, quantile, scriptSizes, type LoadTiming } from '../e2e/measure-load';

/**
 * The overview's load in headless Chromium on the demo organisation: cold visits (new
 * context, empty cache) against the production build, started as users start it. Reports
 * first byte, first paint, DOMContentLoaded and interactive (React has hydrated the filter
 * bar) as p50 and p90 over VISITS visits, and the first-load JavaScript gzipped.
 * The e2e `measure` spec reports the same figures from 5 visits; this takes more.
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 15);
const DATA_DIR = '.bench-data/overview';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitReady(url: string): Promise<void> {
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

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) {
    console.log('no production build: running next build');
    if (
      spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } })
        .status !== 0
    )
      throw new Error('next build failed');
  }
  rmSync(DATA_DIR, { recursive: true, force: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    stdio: 'ignore',
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PAVED_DATA_DIR: DATA_DIR,
      PAVED_CONFIG: 'e2e/paved.e2e.yaml',
      PAVED_NOW: '2026-06-01T12:00:00Z',
      DATABASE_URL: '',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    await waitReady(url);
    // Warm the server (its pool and caches) as a running installation is warm.
    for (let i = 0; i < 3; i++) await fetch(`${url}/`).then((r) => r.text());
    const runs: LoadTiming[] = [];
    for (let i = 0; i < VISITS; i++) runs.push(await coldVisit(browser, `${url}/`));
    const { firstLoad } = await scriptSizes(browser, `${url}/`);
    console.log(`overview, ${VISITS} cold visits (p50 / p90):`);
    for (const [label, key] of [
      ['first byte', 'ttfb'],
      ['first contentful paint', 'fcp'],
      ['DOMContentLoaded', 'dcl'],
      ['interactive (hydrated)', 'interactive'],
    ] as const) {
      console.log(
        `  ${label.padEnd(24)} ${String(quantile(runs, key, 0.5)).padStart(5)} ms / ${String(quantile(runs, key, 0.9)).padStart(5)} ms`,
      );
    }
    console.log(`  first-load JavaScript    ${firstLoad.kb.toFixed(1)} kB gzipped in ${firstLoad.scripts} scripts`);
  } finally {
    await browser.close();
    // The start script stops its embedded PostgreSQL when Next.js exits.
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
