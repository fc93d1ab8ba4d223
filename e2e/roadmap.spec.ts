import { expect, test } from '@playwright/test';
import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { api, expectAccessible, saveScreenshots } from './helpers';

test('the roadmap ranks checks as the impact API does, with the caution', async ({ page, request }, testInfo) => {
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact');
  await page.goto('/roadmap');
  await expect(page.getByTestId('caution')).toContainText(impact.caution);
  const rows = page.locator('[data-testid="roadmap-table"] tbody tr');
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-check')))).toEqual(
    impact.roadmap.map((r) => r.checkId),
  );
  expect(await page.getByTestId('roadmap-failing').allTextContents()).toEqual(
    impact.roadmap.map((r) => String(r.failing)),
  );
  const top = impact.checks.find((c) => c.checkId === impact.roadmap[0]!.checkId)!;
  await expect(page.locator(`#check-${top.checkId}`)).toContainText(
    `Passing (${top.outcomes.passing.services} services)`,
  );
  // A failing count opens exactly its failing services; services without data are counted and listed apart.
  const withNoData =
    impact.checks.find((c) => c.adoption.failing > 0 && c.adoption.noData > 0) ??
    impact.checks.find((c) => c.adoption.failing > 0)!;
  await expect(page.locator(`tr[data-check="${withNoData.checkId}"] [data-testid="roadmap-no-data"]`)).toHaveCount(
    withNoData.adoption.noData > 0 ? 1 : 0,
  );
  await saveScreenshots(page, testInfo, 'roadmap');
  await expectAccessible(page, testInfo, 'roadmap');
  await page.locator(`tr[data-check="${withNoData.checkId}"] a[data-testid="roadmap-failing"]`).click();
  await expect(page).toHaveURL(new RegExp(`check=${withNoData.checkId}&outcome=fail`));
  const listed = page.locator('[data-testid="failing-services"] li[data-service]');
  await expect(listed).toHaveCount(withNoData.adoption.failing);
  for (const slug of await listed.evaluateAll((els) => els.map((e) => e.getAttribute('data-service')!))) {
    const result = (await api<ServiceScorecard>(request, `/scorecards/golden-path/services/${slug}`)).results.find(
      (r) => r.checkId === withNoData.checkId,
    )!;
    expect(['fail', 'exempt', 'upcoming'], slug).toContain(result.state);
  }
  if (withNoData.adoption.noData > 0) {
    await page.goto(`/roadmap`);
    await page.locator(`tr[data-check="${withNoData.checkId}"] [data-testid="roadmap-no-data"]`).click();
    await expect(page.locator('[data-testid="failing-services"] li[data-service]')).toHaveCount(
      withNoData.adoption.noData,
    );
  }
});
