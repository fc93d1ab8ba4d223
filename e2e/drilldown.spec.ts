import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { DeploymentsPage } from '@/app/_queries/use-deployments-query';
import type { ChangesPage } from '@/app/_queries/use-changes-query';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

/**
 * Follows a deployment count on the overview to its list, and checks the list holds exactly
 * the deployments the API returns for that filter, every page loaded as a user would.
 */
async function drillToDeployments(
  page: Page,
  request: APIRequestContext,
  testId: string,
  filter: 'failed' | 'rework',
  heading: string,
) {
  const w = lastDays(90);
  await page.goto('/');
  const link = page.getByTestId(testId);
  const shown = await link.textContent();
  await link.click();
  await expect(page).toHaveURL(/\/deployments\?/);
  expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ from: w.from, to: w.to, [filter]: 'true' });
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  const expected = await api<DeploymentsPage>(request, '/deployments', { ...w, [filter]: 'true', limit: '1000' });
  expect(shown).toBe(`${expected.items.length} ${filter} of 1,468`);
  const more = page.getByRole('button', { name: 'Load more' });
  const rows = page.locator('[data-testid="deployments-table"] tbody tr[data-deployment]');
  // Each page arrives before the next click: the button says "Loading…" in between.
  while (await more.isVisible()) {
    const before = await rows.count();
    await more.click();
    await expect(rows).not.toHaveCount(before);
  }
  await expect(rows).toHaveCount(expected.items.length);
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-deployment')))).toEqual(
    expected.items.map((d) => d.id),
  );
  return { expected, rows };
}

test('the failed-deployment count drills down to exactly those failed deployments', async ({
  page,
  request,
}, testInfo) => {
  const { expected, rows } = await drillToDeployments(
    page,
    request,
    'drill-failed-deployments',
    'failed',
    'Failed deployments',
  );
  expect(await rows.evaluateAll((els) => els.every((e) => e.getAttribute('data-failed') === 'true'))).toBe(true);

  // Open one: its changes and the evidence behind the failure.
  const first = expected.items.find((d) => d.incidents.length > 0 && d.changes > 0)!;
  await page.locator(`tr[data-deployment="${first.id}"] button`).click();
  const detail = page.locator(`#detail-${first.id}`);
  await expect(detail.getByTestId('failure-evidence')).toContainText('Why this deployment counts as failed');
  const changes = await api<ChangesPage>(request, '/changes', {
    from: first.deployedAt,
    to: new Date(Date.parse(first.deployedAt) + 1000).toISOString(),
    deployment: first.id,
  });
  await expect(detail.locator('[data-testid="changes-table"] tbody tr')).toHaveCount(changes.items.length);
  await expect(detail.getByTestId('failure-evidence')).toContainText('created');
  await saveScreenshots(page, testInfo, 'failed-deployments');
  await expectAccessible(page, testInfo, 'failed-deployments');
});

test('the rework count drills down to exactly those deployments', async ({ page, request }) => {
  await drillToDeployments(page, request, 'drill-rework', 'rework', 'Rework deployments');
});

test("a team figure drills down to that team's rows, and the changes and incidents lists match the API", async ({
  page,
  request,
}, testInfo) => {
  const w = lastDays(90);
  await page.goto('/');
  await page.locator('tr[data-team="search"]').getByTestId('team-failed').click();
  await expect(page).toHaveURL(/team=search/);
  const expected = await api<DeploymentsPage>(request, '/deployments', {
    ...w,
    team: 'search',
    failed: 'true',
    limit: '1000',
  });
  await expect(page.locator('tbody tr[data-deployment]')).toHaveCount(expected.items.length);

  await page.goto(`/changes?from=${w.from}&to=${w.to}&service=payments-api`);
  const changes = await api<ChangesPage>(request, '/changes', { ...w, service: 'payments-api', limit: '50' });
  await expect(page.locator('[data-testid="changes-table"] tbody tr')).toHaveCount(changes.items.length);
  await saveScreenshots(page, testInfo, 'changes');
  await expectAccessible(page, testInfo, 'changes');

  await page.goto(`/incidents?from=${w.from}&to=${w.to}`);
  // The first page: the list loads 50 at a time, as the changes list does.
  const incidents = await api<{ items: { id: string }[] }>(request, '/incidents', { ...w, limit: '50' });
  await expect(page.locator('[data-testid="incidents-table"] tbody tr')).toHaveCount(incidents.items.length);
  await saveScreenshots(page, testInfo, 'incidents');
  await expectAccessible(page, testInfo, 'incidents');
});

test('a bad drill-down link says what is wrong', async ({ page }) => {
  await page.goto('/deployments?from=2026-02-30');
  await expect(page.locator('.state-error')).toContainText('from: expected a date');
  // The dashboard's pages too: an impossible or reversed range is an error, not the default window.
  await page.goto('/?range=custom&from=2026-02-30&to=2026-03-31');
  await expect(page.locator('.state-error')).toContainText('from: expected a real date as YYYY-MM-DD');
  await expect(page.getByTestId('deployments-count')).toHaveCount(0);
  await page.goto('/teams/payments?range=custom&from=2026-05-01&to=2026-04-01');
  await expect(page.locator('.state-error')).toContainText('from: from must be before to');
});

test('an unknown service, team or scorecard is a 404 that says so', async ({ page }) => {
  for (const path of ['/services/no-such-service', '/teams/no-such-team', '/scorecards/no-such-card']) {
    const response = await page.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  }
});
