import { gzipSync } from 'node:zlib';
import type { Browser } from '@playwright/test';

/**
 * How the overview's load is measured, shared by the e2e `measure` spec and
 * `bench/overview-load.bench.ts`. Times are the page's own clock (ms since navigation
 * start). The runner does not poll the page while it loads (polling runs script on the
 * main thread the page hydrates on): the page resolves a promise when React has hydrated
 * the filter bar, and the runner awaits it once. Script text rather than functions, so no
 * transpiler helper leaks into the page.
 */
const HYDRATION_PROBE = `window.hydrated = new Promise((resolve) => {
  const tick = () => {
    const button = document.querySelector('.segmented button');
    if (button && Object.keys(button).some((k) => k.startsWith('__reactProps'))) resolve(performance.now());
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});`;

export interface LoadTiming {
  ttfb: number;
  fcp: number;
  dcl: number;
  interactive: number;
}

/** One cold visit: a new context (empty cache), nothing listening on the network. */
export async function coldVisit(
  browser: Browser,
  url: string,
  options: { baseURL?: string } = {},
): Promise<LoadTiming> {
  const context = await browser.newContext({ baseURL: options.baseURL });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: HYDRATION_PROBE });
    await page.goto(url, { waitUntil: 'commit' });
    return (await page.evaluate(`window.hydrated.then((interactive) => {
      const n = performance.getEntriesByType('navigation')[0];
      return { ttfb: n.responseStart, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, dcl: n.domContentLoadedEventEnd, interactive };
    })`)) as LoadTiming;
  } finally {
    await context.close();
  }
}

/** The scripts of one cold visit, gzipped as a server would send them: those the document names, and all (with lazily loaded chunks). */
export async function scriptSizes(browser: Browser, url: string, options: { baseURL?: string } = {}) {
  const context = await browser.newContext({ baseURL: options.baseURL });
  try {
    const page = await context.newPage();
    const scripts: { path: string; gzip: number }[] = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() !== 'script') return;
      const body = await r.body().catch(() => null);
      if (body) scripts.push({ path: new URL(r.url()).pathname, gzip: gzipSync(body).length });
    });
    const response = await page.goto(url);
    await page.waitForLoadState('networkidle');
    const html = await response!.text();
    const kb = (list: typeof scripts) => list.reduce((sum, s) => sum + s.gzip, 0) / 1024;
    const initial = scripts.filter((s) => html.includes(s.path));
    return {
      firstLoad: { kb: kb(initial), scripts: initial.length },
      all: { kb: kb(scripts), scripts: scripts.length },
    };
  } finally {
    await context.close();
  }
}

/** The value at quantile q (0–1) of a list of timings, rounded to the millisecond. */
export function quantile(runs: readonly LoadTiming[], key: keyof LoadTiming, q: number): number {
  const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}
