import { expect, test, type Page } from '@playwright/test';

/**
 * Reports that print: the overview, a team and the roadmap, as a PDF (page.pdf) and as a
 * full-page capture that never scrolls. Every chart must have drawn its marks, with no placeholder
 * left; no navigation or controls print; the period and the benchmark head the report.
 */
const REPORTS = [
  { path: '/?range=180', period: 'Last 180 days: 2025-12-03 to 2026-05-31 (UTC, whole days)', minCharts: 5 },
  { path: '/teams/payments', period: 'Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)', minCharts: 5 },
  { path: '/roadmap', period: 'Last 90 days: 2026-03-03 to 2026-05-31 (UTC, whole days)', minCharts: 4 },
  { path: '/initiatives/dependency-hygiene', period: 'History 2026-03-02 to 2026-06-01 (UTC)', minCharts: 1 },
] as const;

const MARKS = '.recharts-line-curve, .recharts-bar-rectangle path, .recharts-area-area';

/** Every chart drawn: no placeholder or loading box left, and each Recharts chart with marks in its SVG. */
async function expectEveryChartDrawn(page: Page, minCharts: number) {
  await expect(page.locator('.chart-placeholder, .state-loading')).toHaveCount(0, { timeout: 20_000 });
  const charts = page.locator('.chart');
  expect(await charts.count()).toBeGreaterThanOrEqual(minCharts);
  await expect
    .poll(async () => charts.evaluateAll((els, marks) => els.filter((e) => !e.querySelector(marks)).length, MARKS), {
      timeout: 20_000,
    })
    .toBe(0);
}

for (const report of REPORTS) {
  test(`${report.path} prints: every chart drawn, no navigation, the period and benchmark`, async ({
    page,
  }, testInfo) => {
    await page.goto(report.path);
    // A full-page capture without scrolling: the charts below the fold draw once the page is idle.
    await expectEveryChartDrawn(page, report.minCharts);
    const capture = testInfo.outputPath('full-page.png');
    await page.screenshot({ path: capture, fullPage: true });
    await testInfo.attach('full-page', { path: capture, contentType: 'image/png' });

    await page.emulateMedia({ media: 'print' });
    await expectEveryChartDrawn(page, report.minCharts);
    await expect(page.locator('.shell-header')).toBeHidden();
    await expect(page.locator('.filter-bar')).toBeHidden();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
    await expect(page.getByTestId('print-period')).toHaveText(report.period);
    await expect(page.getByTestId('print-benchmark')).toHaveText('dora-2023');
    // The running head of every printed page: the page-margin boxes carry the same period and benchmark.
    const pageRules = await page.evaluate(() =>
      [...document.styleSheets]
        .flatMap((s) => [...s.cssRules])
        .flatMap((r) => (r instanceof CSSMediaRule ? [...r.cssRules] : [r]))
        .filter((r): r is CSSPageRule => r instanceof CSSPageRule)
        .map((r) => r.cssText),
    );
    expect(pageRules.join('\n')).toContain(`"${report.period}"`);
    expect(pageRules.join('\n')).toContain('"Levels: DORA benchmark dora-2023"');
    if (report.path === '/roadmap') {
      // Every comparison opens for print, each with its charts drawn.
      await expect(page.locator('details.check-detail:not([open])')).toHaveCount(0);
    }

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await testInfo.attach('report.pdf', { body: pdf, contentType: 'application/pdf' });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
    const printed = testInfo.outputPath('print.png');
    await page.screenshot({ path: printed, fullPage: true });
    await testInfo.attach('print-media', { path: printed, contentType: 'image/png' });
  });
}
