import { expect, test } from '@playwright/test';
import { formatDuration, formatNumber, formatPercent } from '@/components/common/format';
import type { DoraReport } from '@/metrics/dora-report';
import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

test('the services list equals the API, and searches and sorts', async ({ page, request }, testInfo) => {
  const w = lastDays(90);
  const services = await api<{ items: { slug: string; name: string; team: { slug: string } | null }[] }>(
    request,
    '/services',
  );
  await page.goto('/services');
  const rows = page.locator('[data-testid="services-table"] tbody tr');
  await expect(rows).toHaveCount(services.items.length);
  for (const slug of ['payments-api', 'billing-monolith']) {
    const one = await api<{ dora: DoraReport }>(request, `/services/${slug}`, w);
    const row = page.locator(`tr[data-service="${slug}"]`);
    await expect(row.getByTestId('service-deployments')).toHaveText(
      formatNumber(one.dora.deploymentFrequency.perWeek, 1),
    );
    await expect(row.getByTestId('service-failed')).toHaveText(formatPercent(one.dora.changeFailureRate.rate));
  }
  await page.getByLabel('Search services').fill('pay');
  const matching = services.items.filter((s) =>
    [s.name, s.slug, s.team?.slug ?? ''].some((v) => v.toLowerCase().includes('pay')),
  );
  await expect(page.getByTestId('services-shown')).toContainText(`of ${services.items.length} services`);
  expect(await rows.count()).toBeGreaterThanOrEqual(matching.length);
  await page.getByLabel('Search services').fill('');
  await page.getByRole('button', { name: /Deploys \/ week/ }).click();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText('Deploys / week');
  const values = await page.getByTestId('service-deployments').allTextContents();
  const numbers = values.map((v) => Number(v.replace(/,/g, '')));
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  await saveScreenshots(page, testInfo, 'services');
  await expectAccessible(page, testInfo, 'services');
});

test("the services list filtered by team shows the team's services with the same figures", async ({
  page,
  request,
}) => {
  const w = lastDays(90);
  // The API names a service's team by its slug.
  const all = await api<{ items: { slug: string; team: string | null }[] }>(request, '/services');
  const team = all.items.find((s) => s.team)!.team!;
  const theirs = all.items.filter((s) => s.team === team).map((s) => s.slug);
  expect(theirs.length).toBeLessThan(all.items.length);
  await page.goto(`/services?team=${team}`);
  const rows = page.locator('[data-testid="services-table"] tbody tr');
  await expect(rows).toHaveCount(theirs.length);
  expect((await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-service')))).sort()).toEqual(
    [...theirs].sort(),
  );
  const one = await api<{ dora: DoraReport }>(request, `/services/${theirs[0]}`, w);
  await expect(page.locator(`tr[data-service="${theirs[0]}"]`).getByTestId('service-deployments')).toHaveText(
    formatNumber(one.dora.deploymentFrequency.perWeek, 1),
  );
  await expect(page.getByText('No services yet')).toHaveCount(0);
});

test('a service page shows its figures, stages, deployments, incidents, scorecard and badge as the API does', async ({
  page,
  request,
}, testInfo) => {
  const w = lastDays(90);
  const slug = 'payments-api';
  const { dora } = await api<{ dora: DoraReport }>(request, `/services/${slug}`, w);
  const card = await api<ServiceScorecard>(request, `/scorecards/golden-path/services/${slug}`);
  await page.goto(`/services/${slug}`);
  await expect(page.getByRole('heading', { name: 'Payments API' })).toBeVisible();
  await expect(page).toHaveTitle('Payments API · Paved');
  await expect(page.getByTestId('metric-deploymentFrequency')).toHaveText(
    formatNumber(dora.deploymentFrequency.perWeek, 1),
  );
  await expect(page.getByTestId('metric-leadTimeForChanges')).toHaveText(
    formatDuration(dora.leadTimeForChanges.medianSeconds),
  );
  await expect(page.getByTestId('stage-breakdown')).toContainText(
    formatDuration(dora.leadTimeForChanges.stages.reviewSeconds),
  );
  await expect(page.getByTestId('service-level')).toHaveText(card.level ?? 'none');
  for (const r of card.results)
    await expect(page.locator(`[data-testid="scorecard-golden-path"] tr[data-check="${r.checkId}"]`)).toHaveAttribute(
      'data-state',
      r.state ?? '',
    );
  const badge = await request.get(`/api/v1/badges/${slug}.svg`);
  expect(badge.headers()['content-type']).toContain('image/svg+xml');
  await expect(page.locator('#badge-markdown')).toContainText(`/api/v1/badges/${slug}.svg`);
  const incidents = await api<{ items: unknown[] }>(request, '/incidents', { ...w, service: slug, limit: '1000' });
  await expect(page.locator('[data-testid="incidents-table"] tbody tr')).toHaveCount(incidents.items.length);
  await saveScreenshots(page, testInfo, 'service');
  await expectAccessible(page, testInfo, 'service');
});

test('a service with no incident source shows deploy signals only, without a level or recovery figures', async ({
  page,
  request,
}) => {
  const { dora } = await api<{ dora: DoraReport }>(request, '/services/audit-log', lastDays(90));
  expect(dora.changeFailureRate.levelStatus).toBe('deploy_signals_only');
  await page.goto('/services/audit-log');
  await expect(page.getByTestId('metric-changeFailureRate')).toHaveText(formatPercent(dora.changeFailureRate.rate));
  await expect(page.locator('[data-metric="changeFailureRate"] .level')).toHaveText('Deploy signals only');
  await expect(page.getByTestId('metric-failedDeploymentRecoveryTime')).toHaveText('—');
  await expect(page.getByTestId('incident-source-note')).toContainText('This service has no incident source');
  // The organisation counts the services without one.
  await page.goto('/');
  await expect(page.getByTestId('incident-source-note')).toContainText('2 of 23 services have no incident source');
});

test('trend charts draw straight segments with hollow dots for thin weeks, and the stages explain their medians', async ({
  page,
}) => {
  await page.goto('/services/billing-monolith?range=180');
  await expect(page.getByTestId('stage-medians-note')).toContainText('do not add up to the median lead time');
  const grid = page.locator('.chart-grid');
  await grid.scrollIntoViewIfNeeded();
  const cfr = page.locator('figure', { hasText: 'Change failure rate (%)' });
  await cfr.scrollIntoViewIfNeeded();
  await expect(cfr.locator('.recharts-line-curve')).toHaveCount(1);
  // A linear line is straight segments only: no Bézier commands in its path.
  expect(await cfr.locator('.recharts-line-curve').getAttribute('d')).not.toMatch(/C/);
  // Billing monolith deploys a few times a week at most: its thin weeks are drawn hollow and say so.
  await expect(cfr.locator('circle[fill="var(--surface)"]').first()).toBeVisible();
  await expect(cfr.locator('.chart-data')).toContainText('too few events to judge');
});

test('an unknown team on the services list is the not-found page, not a team without services', async ({ page }) => {
  await page.goto('/services?team=nobody');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('No service matches')).toHaveCount(0);
  await page.goto('/services?team=payments');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Services');
});
