import { expect, test } from '@playwright/test';

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
