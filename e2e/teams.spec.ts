import { expect, test } from '@playwright/test';
import { formatNumber } from '@/components/common/format';
import type { TeamView } from '@/metrics/team-view';
import type { ScorecardDetail } from '@/scorecards/read/get-scorecard';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

test('the teams page and a team page equal the API', async ({ page, request }, testInfo) => {
  const w = lastDays(90);
  const teams = await api<{ items: { slug: string; services: number }[] }>(request, '/teams');
  await page.goto('/teams');
  await expect(page.locator('[data-testid="teams-table"] tbody tr')).toHaveCount(teams.items.length);
  await saveScreenshots(page, testInfo, 'teams');
  await expectAccessible(page, testInfo, 'teams');

  const team = await api<TeamView>(request, '/teams/legacy-billing', w);
  const card = await api<ScorecardDetail>(request, '/scorecards/golden-path');
  await page.goto('/teams/legacy-billing');
  await expect(page.getByRole('heading', { name: team.name, exact: true })).toBeVisible();
  await expect(page).toHaveTitle(`Team ${team.name} · Paved`);
  await expect(page.getByTestId('metric-deploymentFrequency')).toHaveText(
    formatNumber(team.dora.deploymentFrequency.perWeek, 1),
  );
  await expect(page.locator('[data-testid="services-table"] tbody tr')).toHaveCount(team.services.length);
  const rollup = card.teams.find((t) => t.team === 'legacy-billing')!;
  for (const [level, n] of Object.entries(rollup.levelDistribution))
    await expect(page.locator(`[data-testid="level-distribution"] li[data-level="${level}"]`)).toContainText(`: ${n}`);
  // What to fix next: every check some of the team's services fail, lowest level first.
  const failingChecks = card.checks.filter((c) => {
    const cell = c.byTeam.find((b) => b.team === 'legacy-billing');
    return cell && c.states && cell.passing < cell.applicable;
  });
  const items = page.locator('[data-testid="fix-next"] > li, [data-testid="fix-next-more"] > li');
  expect(await items.count()).toBeGreaterThan(0);
  expect(await items.count()).toBeLessThanOrEqual(failingChecks.length);
  const levels = await items.locator('.pill').allTextContents();
  expect(levels).toEqual([...levels].sort((a, b) => card.levels.indexOf(a) - card.levels.indexOf(b)));
  await saveScreenshots(page, testInfo, 'team');
  await expectAccessible(page, testInfo, 'team');
});
