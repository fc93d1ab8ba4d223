import { chromium } from '@playwright/test';
import { coldVisit, quantile, scriptSizes, type LoadTiming } from '../e2e/measure-load';
import { ensureBuild, startPaved } from './paved-server';

/**
 * The overview's load in headless Chromium on the demo organisation: cold visits (new
 * context, empty cache) against the production build, started as users start it. Reports
 * first byte, first paint, DOMContentLoaded and interactive (React has hydrated the filter
 * bar) as p50 and p90 over VISITS visits, and the first-load JavaScript gzipped.
 * The e2e `measure` spec reports the same figures from 5 visits; this takes more.
 */
const VISITS = Number(process.env.BENCH_VISITS ?? 15);
const DATA_DIR = '.bench-data/overview';

async function main(): Promise<void> {
  ensureBuild();
  const server = await startPaved(DATA_DIR);
  try {
    await visit(server.url);
  } finally {
    await server.stop();
  }
}

async function visit(url: string): Promise<void> {
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
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
