import { expect, test } from '@playwright/test';
import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { api, expectAccessible, saveScreenshots } from './helpers';

test('the roadmap ranks checks as the impact API does, with the caution', async ({ page, request }, testInfo) => {
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact');
  await page.goto('/roadmap');
  await expect(page.getByTestId('caution')).toContainText(impact.caution);
  const rows = page.locator('[data-testid="roadmap-table"] tbody tr');
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-check')))).toEqual(impact.roadmap.map((r) => r.checkId));
  expect(await page.getByTestId('roadmap-failing').allTextContents()).toEqual(impact.roadmap.map((r) => String(r.failing)));
  const top = impact.checks.find((c) => c.checkId === impact.roadmap[0]!.checkId)!;
  await expect(page.locator(`#check-${top.checkId}`)).toContainText(`Passing (${top.outcomes.passing.services} services)`);
  await saveScreenshots(page, testInfo, 'roadmap');
  await expectAccessible(page, testInfo, 'roadmap');
});
