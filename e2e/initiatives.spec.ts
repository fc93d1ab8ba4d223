import { expect, test } from '@playwright/test';
import type { InitiativeDetail, InitiativeSummary } from '@/scorecards/initiatives/get-initiatives';
import { api, expectAccessible, saveScreenshots } from './helpers';

/**
 * Initiatives on the demo organisation (PAVED_NOW 2026-06-01): the list says what the API says,
 * and the detail of the one past its deadline (dependency-hygiene, 2026-05-29) draws its progress
 * and marks the late teams.
 */
test('initiatives: the list, then a late initiative with its chart, teams and what is left', async ({
  page,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  const { initiatives } = await api<{ initiatives: InitiativeSummary[] }>(request, '/initiatives');
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Initiatives' }).click();
  await expect(page).toHaveURL(/\/initiatives$/);
  const rows = page.locator('[data-testid="initiatives-table"] tbody tr');
  expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-initiative')))).toEqual(
    initiatives.map((i) => i.id),
  );
  const hygiene = initiatives.find((i) => i.id === 'dependency-hygiene')!;
  const row = page.locator('tr[data-initiative="dependency-hygiene"]');
  await expect(row.locator('[data-status]')).toHaveText('Late');
  await expect(row.getByTestId('teams-behind')).toContainText(`${hygiene.teamsBehind[0]!.team} (late)`);
  await expect(page.locator('tr[data-initiative="golden-pipeline-wave-1"] [data-status]')).toHaveText('On track');
  await expectAccessible(page, testInfo, 'initiatives');

  await row.getByRole('link', { name: hygiene.title }).click();
  await expect(page).toHaveURL(/\/initiatives\/dependency-hygiene$/);
  const detail = await api<InitiativeDetail>(request, '/initiatives/dependency-hygiene');
  await expect(page.getByTestId('initiative-done')).toHaveText(`${Math.round(detail.rate! * 100)}%`);
  // The chart drew its lines: the whole initiative and one per team.
  const chart = page.locator('[data-testid="initiative-history"] .chart');
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(1 + detail.perTeam.length, { timeout: 20_000 });
  // Late teams are named up top and stand out in the teams table; the team that is done does not.
  const late = detail.perTeam.filter((t) => t.status === 'late').map((t) => t.team);
  expect(late).toContain('checkout');
  await expect(page.getByTestId('late-teams')).toContainText(late.join(', '));
  for (const team of detail.perTeam) {
    const teamRow = page.locator(`[data-testid="team-progress"] tr[data-team="${team.team}"]`);
    await expect(teamRow).toHaveClass(team.status === 'late' ? /row-behind/ : /^$/);
    await expect(teamRow.locator('[data-status]')).toHaveAttribute('data-status', team.status);
  }
  // What is left: every open pair, each with how to fix it.
  const open = detail.perService.filter((s) => s.left.length > 0);
  await expect(page.locator('[data-testid="what-is-left"] > li')).toHaveCount(open.length);
  await expect(page.locator(`[data-testid="what-is-left"] > li[data-service="${open[0]!.slug}"]`)).toContainText(
    open[0]!.left[0]!.name,
  );
  await saveScreenshots(page, testInfo, 'initiative');
  await expectAccessible(page, testInfo, 'initiative');
  expect((await page.goto('/initiatives/nope'))!.status()).toBe(404);
});
