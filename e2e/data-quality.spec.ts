import { expect, test } from '@playwright/test';
import type { DataQuality } from '@/metrics/data-quality';
import { api, expectAccessible, saveScreenshots } from './helpers';

test('the data-quality lists equal the API, and the page never holds the admin token', async ({
  page,
  request,
}, testInfo) => {
  const q = await api<DataQuality>(request, '/data-quality');
  await page.goto('/data-quality');
  await expect(page.getByTestId('dq-baselines-count')).toHaveText(String(q.baselineDeployments.length));
  await expect(page.getByTestId('dq-nonpositive-count')).toHaveText(String(q.nonPositiveLeadTimes.length));
  await expect(page.getByTestId('dq-undeployed-count')).toHaveText(String(q.pullRequestsNeverDeployed.total));
  await expect(page.getByTestId('dq-unclaimed-count')).toHaveText(String(q.unclaimedPagerdutyServices.length));
  await expect(page.getByTestId('dq-nodeploys-count')).toHaveText(String(q.repositoriesWithoutDeployments.length));
  await expect(page.getByTestId('dq-attempts-count')).toHaveText(String(q.failedDeploymentAttempts));
  await expect(page.getByTestId('dq-shared-pagerduty-count')).toHaveText(String(q.pagerdutyServicesLinkedTwice.length));
  await expect(page.getByTestId('dq-ignored-claims-count')).toHaveText(String(q.ignoredCatalogClaims.length));
  expect(await page.content()).not.toContain('e2e-admin-token');
  await saveScreenshots(page, testInfo, 'data-quality');
  await expectAccessible(page, testInfo, 'data-quality');
});
