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
