import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Route } from '@playwright/test';
import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { createDb } from '../db/database';
import { startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { SERVICES_PAGE } from '../lib/service-list-order';
import { deriveAll } from '../scorecards/derive-all';
import { addBatchServices } from '../tests/helpers/more-services';
import { startSecondServer } from './second-server';

/**
 * A services list longer than a page, in the browser: the demo organisation with 110 more
 * services in payments (133 in all), on a second server and database of its own. The page
 * renders the first SERVICES_PAGE services by name, then reads every row from
 * GET /api/v1/dora/services; search and sort wait for them. The main e2e server's demo has 23.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100) + 400;
const PAVED = `http://127.0.0.1:${PORT}`;
const NOW = '2026-06-01T12:00:00Z';
const EXTRA = 110;
const TOTAL = 23 + EXTRA;

let database: EmbeddedServer;
let paved: Awaited<ReturnType<typeof startSecondServer>>;
let dir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // Under the checkout, as the main e2e server's data: as root, PostgreSQL's user must reach it.
  dir = path.resolve('.test-data/e2e-long-list');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  database = await startEmbeddedPostgres(path.join(dir, 'pg'));
  const config = path.join(dir, 'paved.yaml');
  writeFileSync(config, `schedule:\n  enabled: false\nscorecards: ${path.resolve('scorecards.yaml')}\n`);
  const db = createDb(database.url);
  try {
    await migrateToLatest(db);
    await loadDemoOrganisation(db, { at: new Date(NOW) });
    await addBatchServices(db, EXTRA);
    await deriveAll(db, loadConfig({ PAVED_CONFIG: config }));
  } finally {
    await db.destroy();
  }
  paved = await startSecondServer(PORT, { PAVED_CONFIG: config, DATABASE_URL: database.url, PAVED_NOW: NOW });
});

test.afterAll(async () => {
  await paved?.stop();
  await database?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const servicesRoute = (url: URL) => url.pathname === '/api/v1/dora/services';

/** Holds GET /api/v1/dora/services until `release` is called, then lets it through (or answers 503). */
function holdServicesRoute() {
  let release: (answer: 'pass' | 'fail') => void = () => {};
  const released = new Promise<'pass' | 'fail'>((resolve) => (release = resolve));
  const asked: string[] = [];
  const handler = async (route: Route) => {
    asked.push(route.request().url());
    if ((await released) === 'fail')
      await route.fulfill({ status: 503, json: { error: { message: 'try later', code: 'unavailable', status: 503 } } });
    else await route.continue();
  };
  return { handler, release: (answer: 'pass' | 'fail') => release(answer), asked };
}

test('the services page shows the first services by name, then every service to search and sort', async ({ page }) => {
  const held = holdServicesRoute();
  await page.route(servicesRoute, held.handler);
  await page.goto(`${PAVED}/services?range=custom&from=2026-03-01&to=2026-05-31`);
  const shown = page.getByTestId('services-shown');
  await expect(shown).toHaveText(`The first ${SERVICES_PAGE} of ${TOTAL} services by name; loading the rest…`);
  const rows = page.locator('[data-testid="services-table"] tbody tr');
  await expect(rows).toHaveCount(SERVICES_PAGE);
  await expect(page.getByLabel('Search services')).toBeDisabled();
  await expect(page.getByRole('button', { name: /^Lead time/ })).toBeDisabled();
  await expect.poll(() => held.asked.length).toBe(1);
  const asked = new URL(held.asked[0]!);
  expect(Object.fromEntries(asked.searchParams)).toEqual({
    from: '2026-03-01T00:00:00.000Z',
    to: '2026-06-01T00:00:00.000Z',
  });
  const firstRows = await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent));

  held.release('pass');
  await expect(shown).toHaveText(`${TOTAL} of ${TOTAL} services`);
  await expect(page.getByLabel('Search services')).toBeEnabled();
  // The same first rows, now with the rest behind them.
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent))).toEqual(firstRows);
  await expect(page.getByTestId('services-more')).toContainText(`Show all ${TOTAL}`);
  // A service past the first page is found, and a sort covers every service.
  await page.getByLabel('Search services').fill('batch 099');
  await expect(shown).toHaveText(`1 of ${TOTAL} services`);
  await expect(page.locator('tr[data-service="batch-099"]')).toBeVisible();
  await page.getByLabel('Search services').fill('');
  await page.getByRole('button', { name: /^Service/ }).click();
  await expect(page.getByRole('columnheader', { name: /^Service/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).not.toHaveText(firstRows[0]!);
});

test('a team page says when the rest could not be loaded, and loads it on retry', async ({ page }) => {
  const held = holdServicesRoute();
  await page.route(servicesRoute, held.handler);
  held.release('fail');
  await page.goto(`${PAVED}/teams/payments`);
  const shown = page.getByTestId('services-shown');
  await expect(page.getByTestId('services-rest-error')).toContainText('try later');
  await expect(shown).toContainText('the rest could not be loaded');
  await expect(page.locator('[data-testid="services-table"] tbody tr')).toHaveCount(SERVICES_PAGE);
  // react-query tries once more by itself before the error shows.
  await expect.poll(() => held.asked.length).toBe(2);
  expect(new URL(held.asked[0]!).searchParams.get('team')).toBe('payments');
  await page.unroute(servicesRoute);
  await page.getByRole('button', { name: 'Retry' }).click();
  const team = (await (await page.request.get(`${PAVED}/api/v1/dora/services?team=payments`)).json()) as {
    services: unknown[];
  };
  expect(team.services.length).toBeGreaterThan(EXTRA);
  await expect(shown).toHaveText(`${team.services.length} of ${team.services.length} services`);
  await expect(page.getByLabel('Search services')).toBeEnabled();
});
