import { expect, test } from '@playwright/test';
import { formatNumber } from '@/components/common/format';
import type { DoraReport } from '@/metrics/dora-report';
import { api, expectTiles, lastDays } from './helpers';

test('one 180-day window and team carry from the overview through a team, a service, a drill-down and back', async ({
  page,
  request,
}) => {
  const w = lastDays(180);
  await page.goto('/?range=180&team=payments');
  await expectTiles(page, await api<DoraReport>(request, '/dora', { ...w, team: 'payments' }));
  // The navigation carries the window and the team.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' })).toHaveAttribute(
    'href',
    '/teams?range=180&team=payments',
  );

  await page.locator('[data-testid="teams-table"] tr[data-team="payments"] th a').click();
  await expect(page).toHaveURL(/\/teams\/payments\?range=180/);
  await expect(page.getByRole('button', { name: '180 days' })).toHaveAttribute('aria-pressed', 'true');
  await expectTiles(page, (await api<{ dora: DoraReport }>(request, '/teams/payments', w)).dora);

  const serviceLink = page.locator('[data-testid="services-table"] tbody tr').first().locator('a').first();
  const slug = (await serviceLink.getAttribute('href'))!.match(/\/services\/([^?#]+)/)![1]!;
  await serviceLink.click();
  await expect(page).toHaveURL(new RegExp(`/services/${slug}\\?range=180`));
  const service = (await api<{ dora: DoraReport }>(request, `/services/${slug}`, w)).dora;
  await expectTiles(page, service);

  await page.getByTestId('drill-deployments').click();
  await expect(page).toHaveURL(/\/deployments\?/);
  await expect(page.getByTestId('list-total')).toContainText(formatNumber(service.deploymentFrequency.deployments));

  await page.getByRole('link', { name: '← Service' }).click();
  await expect(page).toHaveURL(new RegExp(`/services/${slug}\\?range=180`));
  await expectTiles(page, service);
});

test('a calendar quarter means the same days in the UI and the API, as a preset and as a custom range', async ({
  page,
  request,
}) => {
  // The clock is pinned to 2026-06-01: last quarter is Q1 2026, the whole of 31 March included.
  const q1 = await api<DoraReport>(request, '/dora', { from: '2026-01-01', to: '2026-03-31', team: 'payments' });
  expect(q1.window).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
  await page.goto('/?team=payments');
  await page.getByRole('button', { name: 'Last quarter' }).click();
  await expect(page).toHaveURL(/range=last-quarter/);
  await expect(
    page.locator('.subtitle', { hasText: 'Last quarter: 2026-01-01 to 2026-03-31 (UTC, whole days)' }),
  ).toBeVisible();
  await expect(page.getByTestId('deployments-count')).toHaveText(formatNumber(q1.deploymentFrequency.deployments));
  await expectTiles(page, q1);
  // Typed as a custom range, the same days give the same figures.
  await page.goto('/?range=custom&from=2026-01-01&to=2026-03-31&team=payments');
  await expectTiles(page, q1);
});
