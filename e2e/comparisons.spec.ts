import { expect, test, type Page } from '@playwright/test';
import { formatDuration, formatNumber, formatPercent } from '@/components/common/format';
import { describeMetricChange } from '@/components/metrics/metric-tiles';
import type { ComparedMetric } from '@/metrics/comparison';
import type { DoraFigures } from '@/metrics/dora';
import type { DoraReport } from '@/metrics/dora-report';
import { api, expectTiles } from './helpers';

// The clock is pinned to 2026-06-01T12:00Z: this quarter so far is 2026-04-01 to 2026-05-31, and
// the same days of the last quarter are 2026-01-01 to 2026-02-28; the collected history starts 2025-11-30.
const THIS_QUARTER = { from: '2026-04-01', to: '2026-05-31' };
const TILES = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeploymentRecoveryTime',
  'reworkRate',
] as const satisfies readonly ComparedMetric[];

async function expectChanges(page: Page, report: DoraReport) {
  for (const metric of TILES) {
    const tile = page.locator(`section[data-metric="${metric}"] .tile-change`);
    await expect(tile, metric).toHaveAttribute('data-comparison', report.comparison[metric].status);
    const change = describeMetricChange(report.comparison, metric, report.coverage.historyFrom);
    if (change) await expect(tile, metric).toContainText(change.text);
  }
}

test('a quarter compares with the quarter before in tiles and teams table, and the choice follows links', async ({
  page,
  request,
}) => {
  const query = { ...THIS_QUARTER, team: 'payments', compare: 'previous-quarter' };
  const report = await api<DoraReport>(request, '/dora', query);
  expect(report.previous.window).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' });
  await page.goto('/?range=this-quarter&team=payments');
  await expect(page.getByLabel('Compared with')).toHaveValue('previous-quarter');
  await expectTiles(page, report);
  await expectChanges(page, report);
  await expect(page.locator('section[data-metric="deploymentFrequency"]')).toContainText(
    'vs the same days a quarter earlier',
  );

  // The teams page: each team's row compares the same way as the API.
  await page.goto('/teams?range=this-quarter');
  const teamRow = page.locator('[data-testid="teams-table"] tr[data-team="search"]');
  const search = await api<DoraReport>(request, '/dora', { ...query, team: 'search' });
  for (const metric of TILES)
    await expect(teamRow.locator(`[data-metric="${metric}"]`), metric).toHaveAttribute(
      'data-comparison',
      search.comparison[metric].status,
    );
  await page.goto('/?range=this-quarter&team=payments');

  // Same period last year lies before the collected history: no percentage, and the choice is in the URL and links.
  await page.getByLabel('Compared with').selectOption('previous-year');
  await expect(page).toHaveURL(/compare=previous-year/);
  const yearAgo = await api<DoraReport>(request, '/dora', { ...query, compare: 'previous-year' });
  expect(yearAgo.comparison.deploymentFrequency.status).toBe('partial_coverage');
  await expectChanges(page, yearAgo);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' })).toHaveAttribute(
    'href',
    '/teams?range=this-quarter&compare=previous-year&team=payments',
  );
  await page.locator('[data-testid="teams-table"] tr[data-team="payments"] th a').click();
  await expect(page).toHaveURL(/\/teams\/payments\?range=this-quarter&compare=previous-year/);
  await expectChanges(page, yearAgo);
  // Through a drill-down and back, the comparison stays.
  await page.getByTestId('drill-deployments').click();
  await expect(page).toHaveURL(/\/deployments\?.*compare=previous-year/);
  await page.getByRole('link', { name: '← Team' }).click();
  await expect(page).toHaveURL(/\/teams\/payments\?range=custom&from=2026-04-01&to=2026-05-31&compare=previous-year/);
  await expectChanges(page, yearAgo);

  // A comparison that would overlap the window is an error, not figures for something else.
  await page.goto('/?range=180&compare=previous-quarter');
  await expect(page.getByText(/compare: previous-quarter compares the same days a quarter earlier/)).toBeVisible();
});

test('the period comparison shows this quarter against the last for the organisation and every team, as the API does', async ({
  page,
  request,
}) => {
  await page.goto('/?range=this-quarter');
  await page.getByTestId('period-comparison-link').click();
  await expect(page).toHaveURL(/\/compare\?range=this-quarter$/);
  const teams = await api<{ items: { slug: string }[] }>(request, '/teams');
  const scopes = [{ id: 'organisation', team: undefined }, ...teams.items.map((t) => ({ id: t.slug, team: t.slug }))];
  await expect(page.getByTestId('period-comparison')).toHaveCount(scopes.length);
  for (const scope of scopes) {
    const report = await api<DoraReport>(request, '/dora', {
      ...THIS_QUARTER,
      team: scope.team,
      compare: 'previous-quarter',
    });
    const section = page.locator(`section[data-scope="${scope.id}"]`);
    const value = {
      deploymentFrequency: (f: DoraFigures) => `${formatNumber(f.deploymentFrequency.perWeek, 1)} per week`,
      leadTimeForChanges: (f: DoraFigures) => formatDuration(f.leadTimeForChanges.medianSeconds),
      changeFailureRate: (f: DoraFigures) => formatPercent(f.changeFailureRate.rate),
      failedDeploymentRecoveryTime: (f: DoraFigures) => formatDuration(f.failedDeploymentRecoveryTime.medianSeconds),
      reworkRate: (f: DoraFigures) => formatPercent(f.reworkRate.rate),
    } as const;
    for (const metric of TILES) {
      const row = section.locator(`tr[data-metric="${metric}"]`);
      await expect(
        row.locator('[data-period="current"] [data-testid="period-value"]'),
        `${scope.id} ${metric}`,
      ).toHaveText(value[metric](report));
      await expect(
        row.locator('[data-period="previous"] [data-testid="period-value"]'),
        `${scope.id} ${metric}`,
      ).toHaveText(value[metric](report.previous));
      await expect(row.locator('[data-comparison]'), `${scope.id} ${metric}`).toHaveAttribute(
        'data-comparison',
        report.comparison[metric].status,
      );
    }
  }
  // Opened without a range it is this quarter against the last; any window works the same way.
  await page.goto('/compare');
  await expect(
    page.locator('.subtitle', { hasText: 'This quarter: 2026-04-01 to 2026-05-31 (UTC, whole days)' }),
  ).toBeVisible();
  await page.goto('/compare?range=90');
  const ninety = await api<DoraReport>(request, '/dora', {});
  await expect(
    page.locator(
      'section[data-scope="organisation"] tr[data-metric="changeFailureRate"] [data-period="previous"] [data-testid="period-value"]',
    ),
  ).toHaveText(formatPercent(ninety.previous.changeFailureRate.rate));
});
