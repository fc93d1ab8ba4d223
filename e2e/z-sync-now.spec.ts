import { expect, test } from '@playwright/test';

// Named to run last: a sync re-derives every table the other specs read.

test('sync now: a wrong token is refused, the admin token syncs, a second sync meanwhile gets 409', async ({
  page,
  request,
}) => {
  expect((await request.post('/api/v1/sync')).status()).toBe(401);
  await page.goto('/data-quality');
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-message')).toContainText('admin token');

  const headers = { authorization: 'Bearer e2e-admin-token' };
  const [a, b] = await Promise.all([
    request.post('/api/v1/sync', { headers }),
    request.post('/api/v1/sync', { headers }),
  ]);
  expect([a.status(), b.status()].sort()).toEqual([200, 409]);
  const conflict = a.status() === 409 ? a : b;
  expect((await conflict.json()).error.code).toBe('sync_running');

  await page.getByLabel('Admin token').fill('e2e-admin-token');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-message')).toContainText('Sync succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('last-run-status')).toHaveText('succeeded');
  await expect(page.getByLabel('Admin token')).toHaveValue('');
});
