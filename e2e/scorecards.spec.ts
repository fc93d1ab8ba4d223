import { expect, test, type Page } from '@playwright/test';
import { formatPercent } from '@/components/common/format';
import type { ScorecardDetail } from '@/scorecards/read/get-scorecard';
import type { ScorecardHistory } from '@/scorecards/read/get-scorecard-history';
import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

/** The days of the last N whole days, as the history API reads from/to (to included). */
const windowDays = (days: number) => {
  const w = lastDays(days);
  return { from: w.from.slice(0, 10), to: new Date(Date.parse(w.to) - 86_400_000).toISOString().slice(0, 10) };
};

const historyCells = (page: Page) =>
  page
    .getByTestId('scorecard-history-table')
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
const asCells = (h: ScorecardHistory) =>
  h.organisation.map((p) => [p.day, formatPercent(p.passRate), formatPercent(p.averageScore)]);

test('the heatmap equals the API and a cell lists the failing services', async ({ page, request }, testInfo) => {
  const card = await api<ScorecardDetail>(request, '/scorecards/golden-path');
  await page.goto('/scorecards');
  await page.getByRole('link', { name: card.name }).click();
  await expect(page).toHaveURL(/\/scorecards\/golden-path$/);
  for (const check of card.checks) {
    for (const cell of check.byTeam) {
      // A check not enforced yet counts neither way: its cells say when it starts.
      const text =
        cell.applicable === 0
          ? cell.upcoming > 0
            ? `from ${check.enforcedFrom}`
            : 'n/a'
          : `${cell.passing}/${cell.applicable}`;
      await expect(page.locator(`tr[data-check="${check.id}"] td[data-team="${cell.team}"]`)).toHaveText(
        new RegExp(`^${text}( pass|$)`),
      );
    }
  }
  const check = card.checks.find((c) => c.id === 'codeowners')!;
  const cell = check.byTeam.find((b) => b.passing < b.applicable)!;
  await page.locator(`tr[data-check="${check.id}"] td[data-team="${cell.team}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`check=${check.id}&team=${cell.team}`));
  const listed = page.locator('[data-testid="failing-services"] li[data-service]');
  await expect(listed).toHaveCount(cell.applicable - cell.passing);
  for (const slug of await listed.evaluateAll((els) => els.map((e) => e.getAttribute('data-service')!))) {
    const result = (await api<ServiceScorecard>(request, `/scorecards/golden-path/services/${slug}`)).results.find(
      (r) => r.checkId === check.id,
    )!;
    expect(result.state, slug).not.toBe('pass');
    expect(result.state, slug).not.toBe('not_applicable');
  }
  for (const [level, n] of Object.entries(card.organisation.levelDistribution))
    await expect(page.locator(`[data-testid="level-distribution"] li[data-level="${level}"]`).first()).toContainText(
      `: ${n}`,
    );
  // The history chart's table: the organisation's points over the page's window (the last 90 whole days), as the API gives them (the demo has weekly history).
  const history = await api<ScorecardHistory>(request, '/scorecards/golden-path/history', windowDays(90));
  expect(history.organisation.length).toBeGreaterThan(10);
  const historyRows = page.getByTestId('scorecard-history-table').locator('tbody tr');
  await expect(historyRows).toHaveCount(history.organisation.length);
  expect(
    await historyRows.evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))),
  ).toEqual(history.organisation.map((p) => [p.day, formatPercent(p.passRate), formatPercent(p.averageScore)]));
  await expect(page.getByTestId('exemptions-table').locator('tbody tr')).toHaveCount(card.exemptions.length);
  for (const e of card.exemptions) {
    const service = await api<{ name: string }>(request, `/services/${e.service}`);
    const row = page
      .getByTestId('exemptions-table')
      .locator('tbody tr')
      .filter({ has: page.locator(`a[href="/services/${e.service}#scorecards"]`) });
    await expect(row).toContainText(service.name);
    await expect(row).toContainText(e.expires);
  }
  await saveScreenshots(page, testInfo, 'scorecard');
  await expectAccessible(page, testInfo, 'scorecard');
});

test('a level count, for the organisation or a team, lists exactly the services at that level', async ({
  page,
  request,
}, testInfo) => {
  const card = await api<ScorecardDetail>(request, '/scorecards/golden-path');
  await page.goto('/scorecards/golden-path');
  await expect(page).toHaveTitle(`${card.name} · Paved`);
  const [level, count] = Object.entries(card.organisation.levelDistribution).find(([, n]) => n > 0)!;
  await page.locator(`[data-testid="level-distribution"] li[data-level="${level}"] a`).first().click();
  await expect(page).toHaveURL(new RegExp(`level=${level}`));
  const listed = page.locator('[data-testid="level-services"] li[data-service]');
  await expect(listed).toHaveCount(count);
  const expected = card.services
    .filter((s) => (s.level ?? 'none') === level)
    .map((s) => s.slug)
    .sort();
  expect((await listed.evaluateAll((els) => els.map((e) => e.getAttribute('data-service')!))).sort()).toEqual(expected);
  await expectAccessible(page, testInfo, 'scorecard-level');

  // From a team's page, the same link is narrowed to the team.
  const team = card.teams.find((t) => Object.values(t.levelDistribution).some((n) => n > 0) && t.team !== '(no team)')!;
  const [teamLevel, teamCount] = Object.entries(team.levelDistribution).find(([, n]) => n > 0)!;
  await page.goto(`/teams/${team.team}`);
  await page.locator(`[data-testid="level-distribution"] li[data-level="${teamLevel}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/scorecards/golden-path\\?level=${teamLevel}&team=${team.team}`));
  await expect(page.locator('[data-testid="level-services"] li[data-service]')).toHaveCount(teamCount);
  const teamExpected = card.services
    .filter((s) => (s.level ?? 'none') === teamLevel && s.team === team.team)
    .map((s) => s.slug)
    .sort();
  expect(
    (
      await page
        .locator('[data-testid="level-services"] li[data-service]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-service')!))
    ).sort(),
  ).toEqual(teamExpected);
});

test("the organisation's history follows the page's window (URL, validated), and in-page links keep it", async ({
  page,
  request,
}) => {
  await page.goto('/scorecards/golden-path?range=30');
  const d30 = await api<ScorecardHistory>(request, '/scorecards/golden-path/history', windowDays(30));
  const d90 = await api<ScorecardHistory>(request, '/scorecards/golden-path/history', windowDays(90));
  expect(d30.organisation.length).toBeGreaterThan(1);
  expect(d30.organisation.length).toBeLessThan(d90.organisation.length);
  await expect(page.getByTestId('scorecard-history-table').locator('tbody tr')).toHaveCount(d30.organisation.length);
  expect(await historyCells(page)).toEqual(asCells(d30));
  await expect(page.getByTestId('scorecard-history-period')).toContainText(`Last 30 days: ${windowDays(30).from}`);
  // A heatmap cell's link keeps the window.
  await expect(page.locator('tr[data-check] td[data-team] a').first()).toHaveAttribute('href', /[?&]range=30(&|$)/);
  // The filter bar changes it.
  await page.getByRole('group', { name: 'Date range' }).getByRole('button', { name: '180 days' }).click();
  await expect(page).toHaveURL(/range=180/);
  const d180 = await api<ScorecardHistory>(request, '/scorecards/golden-path/history', windowDays(180));
  await expect(page.getByTestId('scorecard-history-table').locator('tbody tr')).toHaveCount(d180.organisation.length);
  // An invalid window is reported, not replaced by the default.
  await page.goto('/scorecards/golden-path?range=custom&from=2026-02-30&to=2026-03-31');
  await expect(page.getByText("This link's filters are not valid").first()).toBeVisible();
  await expect(page.getByTestId('scorecard-history-table')).toHaveCount(0);
  // A window longer than the history keeps (366 days) says so where the chart would be.
  await page.goto('/scorecards/golden-path?range=custom&from=2025-01-01&to=2026-05-31');
  await expect(page.getByTestId('scorecard-history-error')).toContainText('at most 366');
});
