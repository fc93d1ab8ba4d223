import { expect, test } from '@playwright/test';

// Every page at a phone's width (390 px) and a laptop's (1280 px): usable, with no page-level
// horizontal scroll (wide tables scroll inside their own frame, never the page).
const PAGES = [
  '/',
  '/?range=180&team=payments',
  '/teams',
  '/teams/payments',
  '/services',
  '/services/payments-api',
  '/deployments',
  '/changes',
  '/incidents',
  '/scorecards',
  '/scorecards/golden-path',
  '/roadmap',
  '/initiatives',
  '/initiatives/dependency-hygiene',
  '/data-quality',
  '/compare',
  '/compare?range=last-quarter&compare=previous-year',
  '/admin/tokens',
  '/admin/audit',
];

for (const width of [390, 1280]) {
  test(`no page scrolls sideways at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 844 });
    const wide: string[] = [];
    for (const path of PAGES) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (scrollWidth > width) wide.push(`${path}: ${scrollWidth} px`);
      // The main content starts within the viewport: the navigation does not push it off-screen.
      const main = await page.locator('main').boundingBox();
      expect(main, path).not.toBeNull();
      expect(main!.x + Math.min(main!.width, 200), `${path}: main content visible`).toBeLessThanOrEqual(width);
    }
    expect(wide).toEqual([]);
  });
}
