import { expect, test, type Page } from '@playwright/test';
import { METRICS } from '@/metrics/definitions';
import type { DoraReport } from '@/metrics/dora-report';
import type { TargetStatus } from '@/metrics/targets';
import { formatFigure } from '@/notifications/figures';
import { DIGEST_METRICS } from '@/notifications/message';
import { targetLine } from '@/notifications/render/lines';
import { startFakeChatWebhooks } from '../tests/fakes/chat-webhooks';
import { api, lastDays } from './helpers';
import { fakeWebhookPort } from './ports';

/**
 * The digest preview says GET /api/v1/dora's and GET /api/v1/targets' figures for the digest's
 * days (the last 7 whole days), and an admin's test message reaches a fake Slack webhook on
 * loopback (e2e/paved.e2e.yaml names it through PAVED_E2E_SLACK_PAYMENTS). A channel whose
 * variable holds no URL fails with a clear error on the data-quality page.
 */
const week = lastDays(7);
const days = {
  from: week.from.slice(0, 10),
  to: new Date(Date.parse(week.to) - 86_400_000).toISOString().slice(0, 10),
};

const VALUE = {
  deploymentFrequency: (r: DoraReport) => r.deploymentFrequency.perWeek,
  leadTimeForChanges: (r: DoraReport) => r.leadTimeForChanges.medianSeconds,
  changeFailureRate: (r: DoraReport) => r.changeFailureRate.rate,
  failedDeploymentRecoveryTime: (r: DoraReport) => r.failedDeploymentRecoveryTime.medianSeconds,
  reworkRate: (r: DoraReport) => r.reworkRate.rate,
} as const;

/** The preview's metric rows and target lines equal what the APIs answer for the same days. */
async function expectFigures(page: Page, team: string | null, teamName: string) {
  const scope = team ? { team } : {};
  const report = await api<DoraReport>(page.request, '/dora', { ...scope, ...days });
  const rows = page.getByTestId('digest-metrics').locator('tbody tr');
  await expect(rows).toHaveCount(DIGEST_METRICS.length);
  for (const metric of DIGEST_METRICS) {
    const name = METRICS.find((m) => m.id === metric)!.name;
    const row = rows.filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    await expect(row.locator('td').first()).toHaveText(formatFigure(metric, VALUE[metric](report)));
    const level = (report[metric] as { level?: string | null }).level;
    if (level) await expect(row.locator('td').nth(1)).toHaveText(level);
  }
  const { targets } = await api<{ targets: TargetStatus[] }>(page.request, '/targets', days);
  const services = (await api<{ items: { slug: string; team: string | null }[] }>(page.request, '/services')).items;
  const mine = targets.filter((t) =>
    team === null
      ? t.scope.type !== 'service'
      : t.scope.type === 'team'
        ? t.scope.slug === team
        : t.scope.type === 'service' && services.find((s) => s.slug === t.scope.slug)?.team === team,
  );
  expect(mine.length, 'the demo organisation has targets for this scope').toBeGreaterThan(0);
  const section = page.getByTestId('digest-section').filter({ hasText: 'Targets:' });
  const onTrack = mine.filter((t) => t.status === 'on_track').length;
  await expect(section.getByRole('heading')).toHaveText(`Targets: ${onTrack} of ${mine.length} on track`);
  await expect(section.getByRole('listitem')).toHaveText(mine.map((t) => targetLine(t, { team, name: teamName })));
}

test('the digest preview of a team and of the organisation says the API figures', async ({ page }) => {
  await page.goto('/digests?team=payments');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Digest preview');
  await expectFigures(page, 'payments', 'Payments');
  await page.getByRole('navigation', { name: 'Digest of' }).getByRole('link', { name: 'Organisation' }).click();
  await expect(page).toHaveURL(/\/digests$/);
  await expectFigures(page, null, 'The organisation');
  await page.goto('/digests?team=no-such-team');
  await expect(page.getByRole('alert').filter({ hasText: 'No team' })).toHaveText('No team “no-such-team”.');
});

/** Sends a test message from the page, with the admin token when Paved runs open. */
async function sendTestMessage(page: Page) {
  const token = page.getByLabel('Admin token');
  if (await token.isVisible()) await token.fill('e2e-admin-token');
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.getByTestId('test-message-form')).toContainText('Queued for 1 channel');
}

test('an admin sends a test message: the fake Slack webhook receives the digest the preview shows', async ({
  page,
}) => {
  const chat = await startFakeChatWebhooks({ port: fakeWebhookPort });
  try {
    await page.goto('/digests?team=payments');
    const firstValue = await page.getByTestId('digest-metrics').locator('tbody tr td').first().textContent();
    await sendTestMessage(page);
    await expect.poll(() => chat.received.length, { timeout: 30_000 }).toBe(1);
    const [post] = chat.received;
    expect(post!.path).toBe('/slack/payments');
    const text = (post!.body as { text: string }).text;
    expect(text).toMatch(/^\[Test\] Delivery digest: Payments, /);
    expect(text).toContain(`Deployment frequency: ${firstValue}`);
  } finally {
    await chat.close();
  }
});

test('a channel whose variable holds no URL: a clear error on the data-quality page, not a crash', async ({ page }) => {
  // The e2e data directory outlives a run, so earlier runs' failures may be listed: count them first.
  await page.goto('/data-quality');
  const rows = page.getByTestId('delivery-health').getByRole('row').filter({ hasText: 'teams:PAVED_E2E_NOT_A_URL' });
  const before = await rows.count();
  await page.goto('/digests?team=checkout');
  await sendTestMessage(page);
  await page.goto('/data-quality');
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(before + 1);
  }).toPass({ timeout: 30_000 });
  // The newest first.
  const row = rows.first();
  await expect(row).toContainText(
    'Microsoft Teams webhook: PAVED_E2E_NOT_A_URL does not hold a URL (expected https://…)',
  );
  await expect(row).toContainText('test · checkout');
  await expect(row).toContainText('failed');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(await page.content()).not.toContain('hooks.example.com');
});
