import { expect, test, type Page } from '@playwright/test';
import { fillRoute, listAppRoutes } from '../tests/helpers/app-routes';
import { api } from './helpers';

/** A real value for each dynamic segment, from the demo organisation. */
async function segmentValues(request: Parameters<typeof api>[0]) {
  const [services, teams, scorecards, initiatives] = await Promise.all([
    api<{ items: { slug: string }[] }>(request, '/services'),
    api<{ items: { slug: string }[] }>(request, '/teams'),
    api<{ scorecards: { id: string }[] }>(request, '/scorecards'),
    api<{ initiatives: { id: string }[] }>(request, '/initiatives'),
  ]);
  return {
    slug: services.items[0]!.slug,
    id: scorecards.scorecards[0]!.id,
    team: teams.items[0]!.slug,
    initiative: initiatives.initiatives[0]!.id,
  };
}

/** Records CSP violations and script errors from the first byte of the document on. */
async function watchViolations(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.exposeFunction('reportViolation', (text: string) => problems.push(`csp: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(t: string): void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return problems;
}

test('every page renders and hydrates under the Content-Security-Policy, with no violation', async ({
  page,
  request,
}) => {
  const values = await segmentValues(request);
  const problems = await watchViolations(page);
  const pages = listAppRoutes().filter((r) => r.kind === 'page');
  expect(pages.length).toBeGreaterThanOrEqual(12);
  // The /admin pages need an admin: the e2e server's (deprecated) admin token is one.
  await page.setExtraHTTPHeaders({ authorization: 'Bearer e2e-admin-token' });
  for (const route of pages) {
    const address = fillRoute(
      route,
      route.pattern.startsWith('/teams')
        ? { slug: values.team }
        : route.pattern.startsWith('/initiatives')
          ? { id: values.initiative }
          : values,
    );
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(200);
    const policy = response!.headers()['content-security-policy'] ?? '';
    expect(policy, address).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    await expect(page.locator('main h1, main h2').first(), address).toBeVisible();
  }
  // Hydrated: a link navigates on the client, so a value set on this window survives.
  await page.goto('/');
  await page.evaluate(() => ((window as unknown as { hydrationProbe: number }).hydrationProbe = 1));
  await page.getByRole('navigation').getByRole('link', { name: 'Services' }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole('heading', { name: 'Services', level: 1 })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { hydrationProbe?: number }).hydrationProbe)).toBe(1);
  expect(problems).toEqual([]);
});

test('security headers are on pages, API answers and build assets', async ({ request, page }) => {
  const document = await request.get('/');
  const api = await request.get('/api/v1/teams');
  await page.goto('/');
  const asset = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
  const script = await request.get(asset!);
  for (const [name, response] of [
    ['document', document],
    ['api', api],
    ['asset', script],
  ] as const) {
    const headers = response.headers();
    expect(headers['x-content-type-options'], name).toBe('nosniff');
    expect(headers['referrer-policy'], name).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], `${name} over http`).toBeUndefined();
  }
  expect(api.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  // Two documents, two nonces.
  const again = await request.get('/');
  expect(again.headers()['content-security-policy']).not.toBe(document.headers()['content-security-policy']);
  const https = await request.get('/api/health', { headers: { 'x-forwarded-proto': 'https' } });
  expect(https.headers()['strict-transport-security']).toMatch(/^max-age=\d{7,}/);
});
