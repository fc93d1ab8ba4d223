import { expect, test } from '@playwright/test';
import { formatDuration, formatNumber, formatPercent } from '@/components/common/format';
import type { DoraReport } from '@/metrics/dora-report';
import type { TeamView } from '@/metrics/team-view';
import { api, expectAccessible, expectTiles, lastDays, saveScreenshots } from './helpers';
import { coldVisit, quantile, scriptSizes, type LoadTiming } from './measure-load';

test('the overview shows the demo organisation with its numbers', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await expect(page.getByTestId('demo-badge')).toHaveText('Demo data');
  await expect(
    page.locator('.subtitle', { hasText: 'Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)' }),
  ).toBeVisible();
  // The demo organisation is deterministic for a pinned clock: these are its figures.
  await expect(page.getByTestId('services-count')).toHaveText('23');
  await expect(page.getByTestId('deployments-count')).toHaveText('1,468');
  await expect(page.getByTestId('incidents-count')).toHaveText('96');
  await page.screenshot({ path: testInfo.outputPath('overview.png'), fullPage: true });
});

test('health and readiness endpoints answer', async ({ request }) => {
  expect(await (await request.get('/api/health')).json()).toEqual({ status: 'ok' });
  const ready = await request.get('/api/ready');
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});

test('the five metric tiles and the teams table equal the API', async ({ page, request }, testInfo) => {
  const w = lastDays(90);
  // The page and the API open at the same default window.
  const dora = await api<DoraReport>(request, '/dora');
  expect(dora.window).toEqual(w);
  await page.goto('/');
  await expectTiles(page, dora);
  await expect(page.getByTestId('drill-failed-deployments')).toHaveText(
    `${formatNumber(dora.changeFailureRate.failedDeployments)} failed of ${formatNumber(dora.changeFailureRate.deployments)}`,
  );
  // Each tile names its level and the benchmark behind it.
  await expect(page.locator('[data-metric="changeFailureRate"] .level')).toContainText(
    `${dora.changeFailureRate.level!.replace(/^./, (c) => c.toUpperCase())} · dora-2023`,
  );

  const teams = await api<{ items: { slug: string }[] }>(request, '/teams');
  for (const { slug } of teams.items) {
    const team = await api<TeamView>(request, `/teams/${slug}`, w);
    const row = page.locator(`[data-testid="teams-table"] tr[data-team="${slug}"]`);
    await expect(row.getByTestId('team-deployments')).toHaveText(
      formatNumber(team.dora.deploymentFrequency.perWeek, 1),
    );
    await expect(row.getByTestId('team-failed')).toHaveText(formatPercent(team.dora.changeFailureRate.rate));
  }
  await saveScreenshots(page, testInfo, 'overview');
  await expectAccessible(page, testInfo, 'overview');
});

test('the date range and team filters go in the URL and change the figures', async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '30 days' }).click();
  await expect(page).toHaveURL(/\?range=30$/);
  const d30 = await api<DoraReport>(request, '/dora', lastDays(30));
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(d30.deploymentFrequency.deployments));
  await expect(
    page.locator('.subtitle', { hasText: 'Last 30 days: 2026-05-02 to 2026-05-31 (UTC, whole days)' }),
  ).toBeVisible();

  await page.getByLabel('Team', { exact: true }).selectOption('payments');
  await expect(page).toHaveURL(/\?range=30&team=payments$/);
  const team = await api<DoraReport>(request, '/dora', { ...lastDays(30), team: 'payments' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(team.deploymentFrequency.deployments));
  await expect(page.getByTestId('metric-leadTimeForChanges')).toHaveText(
    formatDuration(team.leadTimeForChanges.medianSeconds),
  );

  // A custom range: the "to" day is included, so the window ends at the next midnight.
  await page.getByRole('button', { name: 'Custom' }).click();
  await page.getByLabel('From', { exact: true }).fill('2026-04-01');
  await page.getByLabel('To', { exact: true }).fill('2026-04-30');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/range=custom&from=2026-04-01&to=2026-04-30&team=payments/);
  // The API reads the same days the same way: a date-only `to` is included.
  const custom = await api<DoraReport>(request, '/dora', { from: '2026-04-01', to: '2026-04-30', team: 'payments' });
  expect(custom.window).toEqual({ from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(custom.deploymentFrequency.deployments));

  // A shared link opens the same view.
  await page.goto('/?range=180&team=search');
  const shared = await api<DoraReport>(request, '/dora', { ...lastDays(180), team: 'search' });
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(shared.deploymentFrequency.deployments));
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue('search');
});

test('at 180 days the comparisons say the previous window was only partly collected, as the API does', async ({
  page,
  request,
}) => {
  const dora = await api<DoraReport>(request, '/dora', lastDays(180));
  expect(dora.coverage.previousWindowCovered).toBe(false);
  await page.goto('/?range=180');
  for (const metric of Object.keys(dora.comparison)) {
    if (metric === 'timeToRestore') continue; // no tile of its own
    const change = page.locator(`[data-metric="${metric}"] .tile-change`);
    await expect(change).toHaveAttribute('data-comparison', 'partial_coverage');
    await expect(change).toContainText('previous window only partly collected (history from');
    await expect(change).not.toContainText('%');
  }
  // The team table's levels follow the small-sample rule the API applies.
  const team = await api<TeamView>(request, '/teams/legacy-billing', lastDays(180));
  const badge = page.locator('[data-testid="teams-table"] tr[data-team="legacy-billing"] td').nth(3).locator('.level');
  if (team.dora.changeFailureRate.levelStatus === 'not_enough_data') await expect(badge).toHaveText('Not enough data');
  else await expect(badge).toContainText(team.dora.changeFailureRate.level!.replace(/^./, (c) => c.toUpperCase()));
});

test('measure: overview interactive time and first-load JavaScript', async ({ page, browser, baseURL }, testInfo) => {
  await page.goto('/'); // warm the server's pool and caches once
  await expect(page.getByTestId('metric-changeFailureRate')).toBeVisible();
  await page.goto('about:blank'); // nothing of it keeps working while the cold visits run
  const runs: LoadTiming[] = [];
  for (let i = 0; i < 5; i++) runs.push(await coldVisit(browser, '/', { baseURL }));
  const median = (k: keyof LoadTiming) => quantile(runs, k, 0.5);
  const { firstLoad, all } = await scriptSizes(browser, '/', { baseURL });
  const figures = `overview (median of 5 cold visits): first byte ${median('ttfb')} ms, tiles painted (FCP, server-rendered) ${median('fcp')} ms, DOMContentLoaded ${median('dcl')} ms, interactive (hydrated) ${median('interactive')} ms; first-load JS ${firstLoad.kb.toFixed(1)} kB gzipped in ${firstLoad.scripts} scripts; with the lazily loaded charts ${all.kb.toFixed(1)} kB in ${all.scripts}`;
  console.log(figures);
  testInfo.annotations.push({ type: 'figures', description: figures });
});
