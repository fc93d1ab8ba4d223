import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { formatDuration, formatNumber, formatPercent } from '../components/common/format';
import { DAY_MS } from '../lib/clock';
import type { DoraReport } from '../metrics/dora-report';

/**
 * The pinned clock (playwright.config.ts) and the windows the dashboard derives from it: the last N
 * whole UTC days, ending where today starts (docs/metrics.md, Windows). Pages open at 90 days.
 */
export const NOW = Date.parse('2026-06-01T12:00:00Z');
const TODAY = NOW - (NOW % DAY_MS);
export const lastDays = (days: number) => ({
  from: new Date(TODAY - days * DAY_MS).toISOString(),
  to: new Date(TODAY).toISOString(),
});

export async function api<T>(
  request: APIRequestContext,
  path: string,
  params: Record<string, string | undefined> = {},
): Promise<T> {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
  const response = await request.get(`/api/v1${path}${search.size ? `?${search}` : ''}`);
  expect(response.status(), `${path} answers`).toBe(200);
  return (await response.json()) as T;
}

/** Zero serious or critical axe violations, in both colour schemes; the report is attached. */
export async function expectAccessible(page: Page, testInfo: TestInfo, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    await testInfo.attach(`axe-${name}-${scheme}.json`, {
      body: JSON.stringify(results.violations, null, 2),
      contentType: 'application/json',
    });
    expect(
      blocking.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
      ),
      `${name} (${scheme})`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** A full-page screenshot kept as a test artefact, light and dark. */
export async function saveScreenshots(page: Page, testInfo: TestInfo, name: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const path = testInfo.outputPath(`${name}-${scheme}.png`);
    await page.screenshot({ path, fullPage: true });
    await testInfo.attach(`${name}-${scheme}`, { path, contentType: 'image/png' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** The five tiles of a page equal the API's report for the same scope and window. */
export async function expectTiles(page: Page, dora: DoraReport) {
  await expect(page.getByTestId('metric-deploymentFrequency')).toHaveText(
    formatNumber(dora.deploymentFrequency.perWeek, 1),
  );
  await expect(page.getByTestId('metric-leadTimeForChanges')).toHaveText(
    formatDuration(dora.leadTimeForChanges.medianSeconds),
  );
  await expect(page.getByTestId('metric-changeFailureRate')).toHaveText(formatPercent(dora.changeFailureRate.rate));
  await expect(page.getByTestId('metric-failedDeploymentRecoveryTime')).toHaveText(
    formatDuration(dora.failedDeploymentRecoveryTime.medianSeconds),
  );
  await expect(page.getByTestId('metric-reworkRate')).toHaveText(formatPercent(dora.reworkRate.rate));
}
