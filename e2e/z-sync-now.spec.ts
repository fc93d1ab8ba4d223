import { expect, test } from '@playwright/test';

// Named to run last: a sync re-derives every table the other specs read.

test('sync now: a wrong token is refused; the (deprecated) admin token queues a run (202) that a second request joins; the page follows it to the end', async ({
  page,
  request,
}) => {
  expect((await request.post('/api/v1/sync')).status()).toBe(401);
  await page.goto('/data-quality');
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-message')).toContainText('unknown or revoked');

  const headers = { authorization: 'Bearer e2e-admin-token' };
  const [a, b] = await Promise.all([
    request.post('/api/v1/sync', { headers }),
    request.post('/api/v1/sync', { headers }),
  ]);
  expect([a.status(), b.status()]).toEqual([202, 202]);
  const [ja, jb] = [await a.json(), await b.json()];
  expect(ja.runId).toBe(jb.runId);
  expect([ja.joined, jb.joined].sort()).toEqual([false, true]);
  expect(a.headers()['location']).toBe(`/api/v1/sync/runs/${ja.runId}`);
  // The worker, not the web server, runs it: poll its progress to the end.
  await expect
    .poll(async () => (await (await request.get(`/api/v1/sync/runs/${ja.runId}`)).json()).status, { timeout: 60_000 })
    .toBe('succeeded');
  expect((await request.get('/api/v1/sync/runs/0')).status()).toBe(400);
  expect((await request.get('/api/v1/sync/runs/99999')).status()).toBe(404);

  await page.getByLabel('Admin token').fill('e2e-admin-token');
  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(page.getByTestId('sync-message')).toContainText('Sync succeeded', { timeout: 60_000 });
  await expect(page.getByTestId('last-run-status')).toHaveText('succeeded');
  await expect(page.getByLabel('Admin token')).toHaveValue('');
});
