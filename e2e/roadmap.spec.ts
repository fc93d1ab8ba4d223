import { expect, test } from '@playwright/test';
import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { verdict } from '@/components/charts/before-after-verdict';
import { api, expectAccessible, lastDays, saveScreenshots } from './helpers';

test('the roadmap ranks checks as the impact API does, with the caution', async ({ page, request }, testInfo) => {
  // Two colour schemes of axe over every comparison on the page take most of a minute on a shared machine.
  test.setTimeout(150_000);
  // The page opens at the dashboard's default window: the last 90 whole days.
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact', lastDays(90));
  await page.goto('/roadmap');
  await expect(page.getByTestId('roadmap-period')).toHaveText(
    'Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)',
  );
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

test('outcome checks are shown apart, not ranked, and the page says why', async ({ page, request }) => {
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact', lastDays(90));
  // The demo's three metric checks (deploys often, lead time, recovery) are outcome checks.
  expect(impact.outcomeChecks.checks.map((c) => c.checkId).sort()).toEqual(
    impact.checks
      .filter((c) => c.reads.length > 0)
      .map((c) => c.checkId)
      .sort(),
  );
  expect(impact.outcomeChecks.checks.length).toBe(3);
  const outcomeIds = new Set(impact.outcomeChecks.checks.map((c) => c.checkId));
  expect(impact.roadmap.filter((r) => outcomeIds.has(r.checkId))).toEqual([]);
  await page.goto('/roadmap');
  await expect(page.getByTestId('outcome-checks-why')).toHaveText(impact.outcomeChecks.why);
  expect(
    await page
      .locator('[data-testid="outcome-checks-table"] tbody tr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-check'))),
  ).toEqual(impact.outcomeChecks.checks.map((c) => c.checkId));
  // Its detail marks the outcomes the rule reads as not compared.
  const first = impact.outcomeChecks.checks.find((c) => c.failing > 0)!;
  const detail = page.locator(`#check-${first.checkId}`);
  await detail.locator('> summary').click();
  await expect(detail.getByTestId('not-compared')).toHaveCount(first.notCompared.length);
  // Every comparison says how many services it rests on.
  const top = impact.checks.find((c) => c.checkId === impact.roadmap[0]!.checkId)!;
  await expect(page.locator(`#check-${top.checkId} [data-testid="confounding"]`)).toContainText(
    `Rests on ${top.outcomes.passing.services} passing service${top.outcomes.passing.services === 1 ? '' : 's'} and ${top.outcomes.failing.services} failing service${top.outcomes.failing.services === 1 ? '' : 's'}`,
  );
  const warned = impact.checks.filter((c) => c.outcomes.warning && impact.roadmap.some((r) => r.checkId === c.checkId));
  await expect(page.getByTestId('roadmap-confounded')).toHaveCount(warned.length);
});

test('window, team, tier and level live in the URL, are validated and carried', async ({ page, request }) => {
  const w = lastDays(180);
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact', {
    ...w,
    team: 'payments',
    tier: 'tier-1',
    level: 'silver',
  });
  expect(impact.checks.every((c) => c.level === 'silver')).toBe(true);
  await page.goto('/roadmap?range=180&team=payments&tier=tier-1&level=silver');
  expect(
    await page
      .locator('[data-testid="roadmap-table"] tbody tr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-check'))),
  ).toEqual(impact.roadmap.map((r) => r.checkId));
  expect(await page.getByTestId('roadmap-failing').allTextContents()).toEqual(
    impact.roadmap.map((r) => String(r.failing)),
  );
  // Changing the window keeps tier and level; the navigation carries window and team.
  await page.getByRole('button', { name: '30 days' }).click();
  await expect(page).toHaveURL(/\?range=30&team=payments&tier=tier-1&level=silver$/);
  await page.getByLabel('Level').selectOption('');
  await expect(page).toHaveURL(/\?range=30&team=payments&tier=tier-1$/);
  await expect(page.getByRole('link', { name: 'Overview' })).toHaveAttribute('href', '/?range=30&team=payments');

  // The export is this view's ranking, practices then outcome checks, formulas neutralised.
  const csvHref = await page.getByTestId('roadmap-csv').getAttribute('href');
  const csv = await request.get(csvHref!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\r\n');
  const thirty = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact', {
    ...lastDays(30),
    team: 'payments',
    tier: 'tier-1',
  });
  expect(lines[0]).toMatch(/^rank,check,name,level,kind,/);
  expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual([
    ...thirty.roadmap.map((r) => r.checkId),
    ...thirty.outcomeChecks.checks.map((c) => c.checkId),
  ]);

  for (const [query, message] of [
    ['level=platinum', 'level: expected one of bronze, silver, gold'],
    ['tier=tier-9', 'tier: expected one of'],
    ['range=custom&from=2026-02-30&to=2026-03-01', 'from'],
  ] as const) {
    await page.goto(`/roadmap?${query}`);
    await expect(page.getByText(/This link's filters are not valid/)).toContainText(message);
  }
  // The page streams behind its loading state, so an unknown team is the not-found page (status already sent).
  await page.goto('/roadmap?team=nobody');
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
});

test('before/after bars are coloured by better or worse, the axis label clears the ticks, adoption per check is drawn', async ({
  page,
  request,
}) => {
  const impact = await api<ScorecardImpact>(request, '/scorecards/golden-path/impact', lastDays(90));
  await page.goto('/roadmap');
  const shown = [...impact.roadmap.map((r) => r.checkId), ...impact.outcomeChecks.checks.map((c) => c.checkId)]
    .map((id) => impact.checks.find((c) => c.checkId === id)!)
    .filter((c) => c.adoption.failing > 0);
  const withBeforeAfter = shown.filter((c) => c.beforeAfter.services.length > 0);
  expect(withBeforeAfter.length).toBeGreaterThan(0);
  for (const c of withBeforeAfter) {
    const detail = page.locator(`#check-${c.checkId}`);
    if ((await detail.getAttribute('open')) === null) await detail.locator('> summary').click();
    const s = c.beforeAfter.summary;
    const expected = (
      [
        [s.leadTimeSeconds, 'lower'],
        [s.changeFailureRate, 'lower'],
        [s.deploymentsPerWeek, 'higher'],
        [s.recoveryTimeSeconds, 'lower'],
      ] as const
    )
      .filter(([v]) => v.medianBefore !== null && v.medianAfter !== null)
      .map(
        ([v, better]) =>
          ({ better: 'var(--good)', worse: 'var(--bad)', same: 'var(--muted)' })[
            verdict({ before: v.medianBefore!, after: v.medianAfter!, better })
          ],
      );
    // Below the minimum sample the table says so instead of figures, and the chart leaves it out.
    for (const v of [s.leadTimeSeconds, s.changeFailureRate, s.deploymentsPerWeek, s.recoveryTimeSeconds])
      if (v.reason)
        await expect(detail.getByTestId('before-after-too-few').filter({ hasText: v.reason })).toHaveCount(1);
    if (expected.length === 0) continue;
    // The "after" series: one rectangle per outcome, filled by its verdict.
    const after = detail.locator('.chart path[name="After"]');
    // Recharts loads after the page is interactive: give the chart time on a loaded machine.
    await expect(after).toHaveCount(expected.length, { timeout: 20_000 });
    expect(await after.evaluateAll((els) => els.map((e) => e.getAttribute('fill')))).toEqual(expected);
    // "% of before" sits left of every tick label, not on one.
    const chart = detail.locator('.chart', { has: page.locator('path[name="After"]') });
    const label = await chart.locator('.recharts-label', { hasText: '% of before' }).boundingBox();
    const ticks = await chart
      .locator('text.recharts-cartesian-axis-tick-value[orientation="left"]')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(ticks.length).toBeGreaterThan(1);
    expect(label!.x + label!.width).toBeLessThanOrEqual(Math.min(...ticks));
  }
  // Adoption over the window, per check, as the API's trend (the history's daily adoption), with "12 May" ticks.
  for (const c of shown) {
    const detail = page.locator(`#check-${c.checkId}`);
    if ((await detail.getAttribute('open')) === null) await detail.locator('> summary').click();
    const figure = detail.getByTestId('adoption-history');
    await expect(figure.locator('tbody tr')).toHaveCount(c.trend.points.length);
    if (c.trend.points.length >= 2) {
      await expect(figure.locator('.recharts-line-curve')).toHaveCount(1, { timeout: 20_000 });
      // Recharts draws tick text outside its axis group: the x axis's ticks are those oriented "bottom".
      const ticks = await figure
        .locator('text.recharts-cartesian-axis-tick-value[orientation="bottom"]')
        .allTextContents();
      expect(ticks.length).toBeGreaterThan(0);
      for (const t of ticks) expect(t).toMatch(/^\d{1,2} [A-Z][a-z]{2}$/);
    }
  }
});
