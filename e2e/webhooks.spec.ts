import path from 'node:path';
import { expect, test } from '@playwright/test';
import { resolve } from '../tests/fakes/pagerduty/account';
import { STACK_NOW, startWebhookStack, type WebhookStack } from '../tests/helpers/webhook-stack';
import { pagerdutyIncidentEvent } from '../tests/webhooks/payloads';

/**
 * Webhooks end to end: a second Paved (`npm start`: worker and web) on a database of its own,
 * reading a fake GitHub and PagerDuty 50 ms away, with both webhooks configured. A delivery
 * reaches /api/v1/dora and the service page without any sync.
 */
const base = Number(process.env.E2E_PORT ?? 3100);
// Today included: the default window ends at the start of today, before a delivery made now.
const TODAY = STACK_NOW.toISOString().slice(0, 10);
// The page reads a custom range only with range=custom; the API ignores `range`.
const WINDOW = `range=custom&from=2026-09-01&to=${TODAY}`;
let stack: WebhookStack;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  stack = await startWebhookStack({ port: base + 300, dir: path.resolve('.test-data/e2e-webhooks'), latencyMs: 50 });
});
test.afterAll(async () => {
  await stack?.stop();
});

type Dora = {
  deploymentFrequency: { deployments: number; perWeek: number };
  timeToRestore: { resolved: number; medianSeconds: number | null };
};
const dora = async () =>
  (await (await fetch(`${stack.url}/api/v1/dora?service=${stack.serviceSlug}&${WINDOW}`)).json()) as Dora;

test('a new deployment and its deployment_status delivery show on /api/v1/dora and the service page', async ({
  page,
}) => {
  const before = await dora();
  // The default window ends at today's 00:00Z; the strip above it shows today's deployments.
  const stripPages = [`/services/${stack.serviceSlug}`, '/'];
  const todayBefore: number[] = [];
  for (const path of stripPages) {
    await page.goto(`${stack.url}${path}`);
    todayBefore.push(parseInt((await page.getByTestId('today-deployments').textContent()) ?? '', 10));
  }
  expect(todayBefore.every((n) => n >= 0)).toBe(true);
  const delivered = Date.now();
  const deployedAt = new Date(STACK_NOW.getTime() - 120_000);
  const answers = await stack.deploy(deployedAt, 'e2e');
  expect(answers.map((a) => a.status)).toEqual([202, 202]);
  await expect
    .poll(async () => (await dora()).deploymentFrequency.deployments, { timeout: 60_000, intervals: [250] })
    .toBe(before.deploymentFrequency.deployments + 1);
  test.info().annotations.push({ type: 'freshness', description: `${Date.now() - delivered} ms` });
  const after = await dora();
  await page.goto(`${stack.url}/services/${stack.serviceSlug}?${WINDOW}`);
  await expect(page.getByTestId('metric-deploymentFrequency')).toHaveText(
    after.deploymentFrequency.perWeek.toLocaleString('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  );
  // The default window leaves today out: the strip has the new deployment, on the service page and the overview.
  for (const [i, path] of stripPages.entries()) {
    await page.goto(`${stack.url}${path}`);
    const strip = page.getByTestId('today-so-far');
    const count = todayBefore[i]! + 1;
    await expect(strip.getByTestId('today-deployments')).toHaveText(`${count} deployment${count === 1 ? '' : 's'}`);
    await expect(strip.getByTestId('today-newest')).toContainText(/Newest at \d\d:\d\d UTC/);
  }
  // The newest of today's events is the new deployment, or something later still.
  await page.goto(`${stack.url}/services/${stack.serviceSlug}`);
  const newest = /Newest at (\d\d:\d\d) UTC/.exec((await page.getByTestId('today-newest').textContent()) ?? '')?.[1];
  expect(newest! >= deployedAt.toISOString().slice(11, 16)).toBe(true);
});

test('an incident.resolved delivery updates the time to restore', async () => {
  const before = await dora();
  const incident = stack.openIncident;
  resolve(incident, new Date(STACK_NOW.getTime() - 60_000));
  const delivery = pagerdutyIncidentEvent({
    eventId: 'e2e-resolved',
    eventType: 'incident.resolved',
    incidentId: incident.id,
    serviceId: incident.serviceId,
    status: 'resolved',
  });
  expect((await stack.deliverPagerduty(delivery)).status).toBe(202);
  await expect
    .poll(async () => (await dora()).timeToRestore.resolved, { timeout: 60_000, intervals: [250] })
    .toBe(before.timeToRestore.resolved + 1);
});

test('the data-quality page shows both webhooks with their deliveries and lag', async ({ page }) => {
  await page.goto(`${stack.url}/data-quality`);
  const github = page.getByTestId('webhook-github');
  await expect(github).toBeVisible();
  await expect(github.locator('td').nth(1)).toHaveText('1'); // one queued re-read, one joined it
  await expect(page.getByTestId('webhook-pagerduty')).toBeVisible();
  await expect(github.locator('td').last()).not.toHaveText('—');
});
