import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { formatDuration, formatNumber, formatPercent } from '@/components/common/format';
import type { DoraReport } from '@/metrics/dora-report';
import type { TeamView } from '@/lib/queries/use-team-query';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

test('the overview shows the demo organisation with its numbers', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toHaveText('Demo data');
  await expect(page.getByText('Last 30 days: 2026-05-02 to 2026-06-01 (UTC)')).toBeVisible();
  // The demo organisation is deterministic for a pinned clock: these are its figures.
  await expect(page.getByTestId('services-count')).toHaveText('23');
  await expect(page.getByTestId('deployments-count')).toHaveText('474');
  await expect(page.getByTestId('incidents-count')).toHaveText('28');
  await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });
});

test('health and readiness endpoints answer', async ({ request }) => {
  expect(await (await request.get('/api/health')).json()).toEqual({ status: 'ok' });
  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});

test('the five metric tiles and the teams table equal the API', async ({ page, request }, testInfo) => {
  const w = lastDays(30);
  const dora = await api<DoraReport>(request, '/dora', w);
  await page.goto('/');
  await expect(page.getByTestId('metric-deploymentFrequency')).toHaveText(formatNumber(dora.deploymentFrequency.perWeek, 1));
  await expect(page.getByTestId('metric-leadTimeForChanges')).toHaveText(formatDuration(dora.leadTimeForChanges.medianSeconds));
  await expect(page.getByTestId('metric-changeFailureRate')).toHaveText(formatPercent(dora.changeFailureRate.rate));
  await expect(page.getByTestId('metric-failedDeploymentRecoveryTime')).toHaveText(formatDuration(dora.failedDeploymentRecoveryTime.medianSeconds));
  await expect(page.getByTestId('metric-reworkRate')).toHaveText(formatPercent(dora.reworkRate.rate));
  await expect(page.getByTestId('drill-failed-deployments')).toHaveText(`${dora.changeFailureRate.failedDeployments} failed of ${dora.changeFailureRate.deployments}`);
  // Each tile names its level and the benchmark behind it.
  await expect(page.locator('[data-metric="changeFailureRate"] .level')).toContainText(`${dora.changeFailureRate.level!.replace(/^./, (c) => c.toUpperCase())} · dora-2023`);

  const teams = await api<{ items: { slug: string }[] }>(request, '/teams');
  for (const { slug } of teams.items) {
    const team = await api<TeamView>(request, `/teams/${slug}`, w);
    const row = page.locator(`[data-testid="teams-table"] tr[data-team="${slug}"]`);
    await expect(row.getByTestId('team-deployments')).toHaveText(formatNumber(team.dora.deploymentFrequency.perWeek, 1));
    await expect(row.getByTestId('team-failed')).toHaveText(formatPercent(team.dora.changeFailureRate.rate));
  }
  await saveScreenshots(page, testInfo, 'overview');
  await expectAccessible(page, testInfo, 'overview');
});

test('the date range and team filters go in the URL and change the figures', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '90 days' }).click();
  await expect(page).toHaveURL(/\?range=90$/);
  const d90 = await api<DoraReport>(request, '/dora', lastDays(90));
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(d90.deploymentFrequency.deployments));
  await expect(page.getByText('Last 90 days: 2026-03-03 to 2026-06-01 (UTC)')).toBeVisible();

  await page.getByLabel('Team', { exact: true }).selectOption('payments');
  await expect(page).toHaveURL(/\?range=90&team=payments$/);
  const team = await api<DoraReport>(request, '/dora', { ...lastDays(90), team: 'payments' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(team.deploymentFrequency.deployments));
  await expect(page.getByTestId('metric-leadTimeForChanges')).toHaveText(formatDuration(team.leadTimeForChanges.medianSeconds));

  // A custom range: the "to" day is included, so the window ends at the next midnight.
  await page.getByRole('button', { name: 'Custom' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-04-01');
  await page.getByLabel('To', { exact: true }).fill('2026-04-30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/range=custom&from=2026-04-01&to=2026-04-30&team=payments/);
  const custom = await api<DoraReport>(request, '/dora', { from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z', team: 'payments' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(custom.deploymentFrequency.deployments));

  // A shared link opens the same view.
  await page.goto('/?range=180&team=search');
  const shared = await api<DoraReport>(request, '/dora', { ...lastDays(180), team: 'search' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(shared.deploymentFrequency.deployments));
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue('search');
});

test('measure: overview interactive time and first-load JavaScript', async ({ page, browser }, testInfo) => {
  await page.goto('/'); // warm the server's pool and caches once
  // Timing: five cold visits (new context, empty cache), nothing listening on the network.
  // Times are the page's own clock (ms since navigation start), not the test runner's. The
  // runner does not poll the page while it loads (polling runs script on the same main thread
  // the page hydrates on): the page resolves a promise when hydrated, and the runner awaits it.
  const runs: { ttfb: number; fcp: number; dcl: number; interactive: number }[] = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const fresh = await context.newPage();
    // Records, frame by frame from the start, when React has hydrated the filter bar.
    await fresh.addInitScript(() => {
      const w = window as unknown as { hydrated: Promise<number> };
      w.hydrated = new Promise((resolve) => {
        const tick = () => {
          const button = document.querySelector('.segmented button');
          if (button && Object.keys(button).some((k) => k.startsWith('__reactProps'))) resolve(performance.now());
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    });
    await fresh.goto('/', { waitUntil: 'commit' });
    const hydrated = await fresh.evaluate(() => (window as unknown as { hydrated: Promise<number> }).hydrated);
    await expect(fresh.getByTestId('metric-changeFailureRate')).toBeVisible();
    runs.push(await fresh.evaluate((interactive) => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { ttfb: n.responseStart, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN, dcl: n.domContentLoadedEventEnd, interactive };
    }, hydrated));
    await context.close();
  }
  const median = (k: keyof (typeof runs)[number]) => Math.round([...runs.map((r) => r[k])].sort((a, b) => a - b)[2]!);

  // Size: the scripts of one cold visit, gzipped as a server would send them.
  const context = await browser.newContext();
  const fresh = await context.newPage();
  const scripts: { url: string; gzip: number }[] = [];
  fresh.on('response', async (r) => {
    if (r.request().resourceType() !== 'script') return;
    const body = await r.body().catch(() => null);
    if (body) scripts.push({ url: r.url(), gzip: gzipSync(body).length });
  });
  const response = await fresh.goto('/');
  await fresh.waitForLoadState('networkidle');
  const html = await response!.text();
  const initial = scripts.filter((s) => html.includes(new URL(s.url).pathname));
  const kb = (list: typeof scripts) => (list.reduce((sum, s) => sum + s.gzip, 0) / 1024).toFixed(1);
  const figures = `overview (median of 5 cold visits): first byte ${median('ttfb')} ms, tiles painted (FCP, server-rendered) ${median('fcp')} ms, DOMContentLoaded ${median('dcl')} ms, interactive (hydrated) ${median('interactive')} ms; first-load JS ${kb(initial)} kB gzipped in ${initial.length} scripts; with the lazily loaded charts ${kb(scripts)} kB in ${scripts.length}`;
  console.log(figures);
  testInfo.annotations.push({ type: 'figures', description: figures });
  await context.close();
});
