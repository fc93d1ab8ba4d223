import { expect, test } from '@playwright/test';
import type { DoraReport } from '@/metrics/dora-report';
import { api } from './helpers';

// Named to run late: the correction re-derives figures the other specs read (it is undone at the end).

const SCOPE = { service: 'billing-monolith', from: '2025-12-01', to: '2026-05-31' };

test('an incident marked "not caused by a change" from the incidents list changes the figures, and can be undone', async ({
  page,
  request,
}) => {
  const before = await api<DoraReport>(request, '/dora', SCOPE);
  // A deployment failed by one incident alone: the correction leaves it not failed.
  const failed = await api<{ items: { incidents: string[]; failureReasons: string[] }[] }>(request, '/deployments', {
    ...SCOPE,
    failed: 'true',
    limit: '500',
  });
  const only = failed.items.find((d) => d.incidents.length === 1 && d.failureReasons.join() === 'incident')!;
  const incident = { id: only.incidents[0]!.replace(/^pagerduty:/, '') };
  const row = () => page.locator(`tr[data-incident="${incident.id}"]`);

  const listPath = `/incidents?service=${SCOPE.service}&range=custom&from=${SCOPE.from}&to=${SCOPE.to}`;
  // The list is kept rendered while nothing it shows changes (lib/response-cache)…
  await request.get(listPath);
  expect((await request.get(listPath)).headers()['x-paved-response-cache']).toBe('hit');
  await page.goto(listPath);
  // Paved runs open here: viewers see the control, and an admin token is asked for.
  await row().getByText('Correct', { exact: true }).click();
  await row().getByLabel('Why').fill('Disk usage alert, nothing deployed caused it');
  await row().getByLabel('Admin token').fill('not-the-token');
  await row().getByRole('button', { name: 'Save' }).click();
  await expect(row().getByRole('status')).toContainText('unknown or revoked');
  await row().getByLabel('Admin token').fill('e2e-admin-token');
  await row().getByRole('button', { name: 'Save' }).click();
  await expect(row().getByRole('status')).toContainText('Saved');

  // The worker re-derives; the figures and the list follow the correction.
  await expect
    .poll(async () => (await api<DoraReport>(request, '/dora', SCOPE)).incidentOverrides, { timeout: 60_000 })
    .toBe(1);
  await expect
    .poll(async () => (await api<DoraReport>(request, '/dora', SCOPE)).changeFailureRate.failedDeployments, {
      timeout: 60_000,
    })
    .toBe(before.changeFailureRate.failedDeployments - 1);
  // …and never after: the correction moved the figure generation, so the list renders anew.
  await page.reload();
  await expect(row().getByTestId('incident-override')).toContainText(
    'not caused by a change: Disk usage alert, nothing deployed caused it',
  );

  const remove = await request.delete(`/api/v1/incidents/pagerduty/${incident.id}/override`, {
    headers: { authorization: 'Bearer e2e-admin-token' },
  });
  expect(remove.status()).toBe(204);
  await expect
    .poll(async () => (await api<DoraReport>(request, '/dora', SCOPE)).changeFailureRate, { timeout: 60_000 })
    .toEqual(before.changeFailureRate);
});

test('a deployment shows the correction that took its incident away, and offers the correction from its evidence', async ({
  page,
  request,
}) => {
  const failed = await api<{ items: { id: string; incidents: string[]; failureReasons: string[] }[] }>(
    request,
    '/deployments',
    { ...SCOPE, failed: 'true', limit: '500' },
  );
  const only = failed.items.find((d) => d.incidents.length === 1 && d.failureReasons.join() === 'incident')!;
  const incidentId = only.incidents[0]!.replace(/^pagerduty:/, '');
  const list = `/deployments?service=${SCOPE.service}&range=custom&from=${SCOPE.from}&to=${SCOPE.to}`;
  const row = () => page.locator(`tr[data-deployment="${only.id}"]`);

  // Before: the failed deployment's evidence carries the incident's Correct control (Paved runs open: a token is asked for).
  await page.goto(list);
  await row()
    .getByRole('button', { name: /Details of deployment/ })
    .click();
  const evidence = page.locator(`#detail-${only.id} [data-testid="failure-evidence"]`);
  await expect(evidence.getByText('Correct', { exact: true })).toBeVisible();
  await expect(row().getByTestId('deployment-corrected')).toHaveCount(0);

  const put = await request.put(`/api/v1/incidents/pagerduty/${incidentId}/override`, {
    headers: { authorization: 'Bearer e2e-admin-token' },
    data: { action: 'not_caused_by_change', reason: 'Certificate expiry warning' },
  });
  expect(put.status()).toBe(200);
  await expect
    .poll(
      async () =>
        (
          await api<{ items: { id: string; corrections: unknown[]; failed: boolean }[] }>(request, '/deployments', {
            ...SCOPE,
            limit: '500',
          })
        ).items.find((d) => d.id === only.id)!.failed,
      { timeout: 60_000 },
    )
    .toBe(false);
  await page.goto(list);
  await expect(row().getByTestId('deployment-corrected')).toBeVisible();
  await row()
    .getByRole('button', { name: /Details of deployment/ })
    .click();
  await expect(page.locator(`#detail-${only.id} [data-testid="deployment-corrections"]`)).toContainText(
    `Incident pagerduty:${incidentId} marked not caused by a change: Certificate expiry warning`,
  );

  const remove = await request.delete(`/api/v1/incidents/pagerduty/${incidentId}/override`, {
    headers: { authorization: 'Bearer e2e-admin-token' },
  });
  expect(remove.status()).toBe(204);
  await expect
    .poll(
      async () =>
        (
          await api<{ items: { id: string; failed: boolean }[] }>(request, '/deployments', { ...SCOPE, limit: '500' })
        ).items.find((d) => d.id === only.id)!.failed,
      { timeout: 60_000 },
    )
    .toBe(true);
});
