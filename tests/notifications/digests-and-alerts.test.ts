import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryHealthTable } from '../../components/notifications/delivery-health';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeProcessDatabase, createDb, type Db } from '../../db/database';
import { requestSyncRun } from '../../db/writes/sync-runs';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { formatFigure } from '../../notifications/figures';
import { getDeliveryHealth } from '../../notifications/delivery-health';
import type { AlertMessage, DigestMessage, DigestMetric } from '../../notifications/message';
import { COMPARED } from '../../metrics/comparison';
import type { TargetStatus } from '../../metrics/targets';
import { describeFigure } from '../../metrics/thresholds';
import { formatDay } from '../../lib/format';
import { DigestPreview } from '../../components/notifications/digest-preview';
import { digestSections, metricRows, periodLine, targetLine } from '../../notifications/render/lines';
import { deriveAll } from '../../scorecards/derive-all';
import { waitForRun } from '../../worker/wait-for-run';
import { startWorker, type Worker } from '../../worker/worker';
import { startFakeChatWebhooks } from '../fakes/chat-webhooks';
import { startFakeSmtp } from '../fakes/smtp';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * Digests and regression alerts end to end, on loopback only: two real workers (digest schedule
 * ticking every second) against the demo organisation, a fake Slack/Teams webhook server and a
 * local SMTP server receiving what they send.
 */
const NOW = '2026-06-01T12:00:00Z';
const quiet = createLogger('test', () => {});
let t: TestDatabase;
let chat: Awaited<ReturnType<typeof startFakeChatWebhooks>>;
let smtp: Awaited<ReturnType<typeof startFakeSmtp>>;
let configFile: string;
const workers: Worker[] = [];
const pools: Db[] = [];

const configText = (attributionHours: number) => `
scorecards: ${path.resolve('scorecards.yaml')}
schedule:
  enabled: false
metrics:
  incidentAttributionWindowHours: ${attributionHours}
server:
  publicUrl: https://paved.example.com/
# Payments' change failure rate over the last 90 days is 3.5% with a 1-hour attribution window and
# 5.8% with 90 days: the first target is on track, then off track, as the window changes.
targets:
  - { team: payments, metric: changeFailureRate.rate, op: '<=', value: 0.05, due: 2026-09-30 }
  - { team: payments, metric: deploymentFrequency.perWeek, op: '>=', value: 100 }
  - { service: payments-api, metric: failedDeploymentRecoveryTime.medianSeconds, op: '<=', value: 3600 }
  - { team: checkout, metric: changeFailureRate.rate, op: '<=', value: 0.1 }
  - { metric: leadTimeForChanges.level, op: '>=', value: high }
notifications:
  smtp:
    host: 127.0.0.1
    port: ${smtp.port}
    user: paved
    passwordEnv: PAVED_TEST_SMTP_PASSWORD
    from: Paved <paved@example.com>
  organisation:
    - { type: slack, webhookUrlEnv: PAVED_TEST_SLACK_ORG }
  teams:
    payments:
      - { type: slack, webhookUrlEnv: PAVED_TEST_SLACK_PAYMENTS }
      - { type: teams, webhookUrlEnv: PAVED_TEST_TEAMS_PAYMENTS }
      - { type: email, to: [payments@example.com] }
    checkout:
      - { type: slack, webhookUrlEnv: PAVED_TEST_SLACK_GONE, alerts: false }
    platform:
      - { type: teams, webhookUrlEnv: PAVED_TEST_NOT_A_URL, alerts: false }
`;

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 40_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

const dora = async (query: string) => {
  const { GET } = await import('../../app/api/v1/dora/route');
  const response = await GET(new Request(`http://paved.test/api/v1/dora?${query}`));
  expect(response.status).toBe(200);
  return response.json();
};

const targetsApi = async (query: string) => {
  const { GET } = await import('../../app/api/v1/targets/route');
  const response = await GET(new Request(`http://paved.test/api/v1/targets?${query}`));
  expect(response.status).toBe(200);
  return (await response.json()) as { targets: TargetStatus[]; problems: unknown[] };
};

const posts = (prefix: string) => chat.received.filter((r) => r.path.startsWith(prefix));
const settled = async () =>
  (await t.db.selectFrom('notification_deliveries').select('id').where('status', '=', 'pending').execute()).length ===
  0;

beforeAll(async () => {
  t = await createTestDatabase();
  chat = await startFakeChatWebhooks();
  smtp = await startFakeSmtp({ user: 'paved', password: 'smtp-secret-123' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-notify-'));
  configFile = path.join(dir, 'paved.yaml');
  writeFileSync(configFile, configText(1));
  process.env.PAVED_CONFIG = configFile;
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
  const env = {
    PAVED_QUEUE_SUPERVISE_SECONDS: '1',
    PAVED_JOB_RETRY_DELAY_SECONDS: '1',
    PAVED_JOB_RETRY_LIMIT: '2',
    PAVED_TEST_SLACK_ORG: chat.url('/flaky/slack/org'),
    PAVED_TEST_SLACK_PAYMENTS: chat.url('/slack/payments'),
    PAVED_TEST_TEAMS_PAYMENTS: chat.url('/teams/payments'),
    PAVED_TEST_SLACK_GONE: chat.url('/gone/checkout'),
    PAVED_TEST_NOT_A_URL: 'hooks.example.com/no-scheme',
    PAVED_TEST_SMTP_PASSWORD: 'smtp-secret-123',
  };
  // Two workers see every tick of a per-second digest schedule.
  for (let i = 0; i < 2; i++) {
    const db = createDb(t.url, { max: 4 });
    pools.push(db);
    workers.push(
      await startWorker({
        db,
        url: t.url,
        loadConfig: () => loadConfig(),
        log: quiet,
        env,
        digestScheduleExpression: '* * * * * *',
      }),
    );
  }
}, 180_000);

afterAll(async () => {
  for (const w of workers) await w.stop({ graceMs: 1000 });
  for (const p of pools) await p.destroy();
  await chat?.close();
  await smtp?.close();
  await closeProcessDatabase();
  await t?.drop();
});

describe('weekly digests', () => {
  it('go to every channel of a team once, however many workers see the ticks', async () => {
    await waitFor(
      'the digests',
      async () => posts('/slack/payments').length >= 1 && smtp.mails.length >= 1 && (await settled()),
    );
    // Several ticks later, still one of each.
    await new Promise((r) => setTimeout(r, 2500));
    const digests = await t.db
      .selectFrom('notifications')
      .select(['key', 'team'])
      .where('kind', '=', 'digest')
      .execute();
    expect(digests.map((d) => d.key).sort()).toEqual([
      'digest:*:2026-05-31',
      'digest:checkout:2026-05-31',
      'digest:payments:2026-05-31',
      'digest:platform:2026-05-31',
    ]);
    expect(posts('/slack/payments')).toHaveLength(1);
    expect(posts('/teams/payments')).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);
    // The organisation's webhook failed once (500) and the queue retried it.
    expect(posts('/flaky/slack/org')).toHaveLength(1);
    const org = await t.db
      .selectFrom('notification_deliveries')
      .select(['status', 'attempts'])
      .where('channel', '=', 'slack:PAVED_TEST_SLACK_ORG')
      .executeTakeFirstOrThrow();
    expect(org).toEqual({ status: 'sent', attempts: 2 });
  });

  it("say the API's figures for the same days, under its comparison rules", async () => {
    const stored = await t.db
      .selectFrom('notifications')
      .select('message')
      .where('key', '=', 'digest:payments:2026-05-31')
      .executeTakeFirstOrThrow();
    const digest = stored.message as DigestMessage;
    expect(digest.period).toEqual({ fromDay: '2026-05-25', toDay: '2026-05-31', days: 7 });
    const api = await dora(`team=payments&from=${digest.period.fromDay}&to=${digest.period.toDay}`);
    const slack = posts('/slack/payments')[0]!.body as {
      text: string;
      blocks: { type: string; fields?: { text: string }[] }[];
    };
    const fields = slack.blocks.find((b) => b.fields)!.fields!.map((f) => f.text);
    const teams = (posts('/teams/payments')[0]!.body as any).attachments[0].content;
    const facts = teams.body.find((b: any) => b.type === 'FactSet').facts as { title: string; value: string }[];
    const mail = smtp.mails[0]!;
    const values = {
      deploymentFrequency: api.deploymentFrequency.perWeek,
      leadTimeForChanges: api.leadTimeForChanges.medianSeconds,
      changeFailureRate: api.changeFailureRate.rate,
      failedDeploymentRecoveryTime: api.failedDeploymentRecoveryTime.medianSeconds,
      reworkRate: api.reworkRate.rate,
    } as const;
    for (const [metric, value] of Object.entries(values) as [keyof typeof values, number | null][]) {
      const line = digest.metrics.find((m) => m.metric === metric)!;
      expect(line.value).toBe(value);
      expect(line.comparison.status).toBe(api.comparison[metric].status);
      expect(line.level).toBe(api[metric].level ?? null);
      const shown = formatFigure(metric, value);
      expect(fields.find((f) => f.startsWith(`*${line.name}*`))).toContain(shown);
      expect(facts.find((f) => f.title === line.name)!.value).toContain(shown);
      expect(mail.text).toContain(`${line.name}: ${shown}`);
      expect(mail.html).toContain(shown.replace('&', '&amp;'));
      // A change the small-sample rule forbids judging is never called better or worse.
      if (line.comparison.status !== 'ok') expect(line.verdict).toBeNull();
    }
    expect(mail.subject).toBe('Delivery digest: Payments, 25 May 2026 – 31 May 2026');
    expect(mail.to).toMatchObject({ text: 'payments@example.com' });
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: mail.subject } });
    // Links into the dashboard at the digest's days.
    expect(digest.links.dashboard).toBe(
      'https://paved.example.com/teams/payments?range=custom&from=2026-05-25&to=2026-05-31',
    );
    expect(JSON.stringify(slack)).toContain(digest.links.dashboard);
    expect(teams.actions[0]).toEqual({ type: 'Action.OpenUrl', title: 'Open in Paved', url: digest.links.dashboard });
    // The team's "what to fix next" is there.
    expect(mail.text).toContain('What to fix next');
  });

  it("carry the targets of their scope with the API's figures for the same days, in every channel and the preview", async () => {
    const stored = async (key: string) =>
      (await t.db.selectFrom('notifications').select('message').where('key', '=', key).executeTakeFirstOrThrow())
        .message as DigestMessage;
    const [payments, org] = [await stored('digest:payments:2026-05-31'), await stored('digest:*:2026-05-31')];
    const api = await targetsApi(`from=${payments.period.fromDay}&to=${payments.period.toDay}`);
    expect(api.problems).toEqual([]);
    const byId = (ids: string[]) => ids.map((id) => api.targets.find((x) => x.id === id));
    // A team's digest: the team's targets and its services'; the organisation's: its own and every team's.
    expect(payments.targets).toEqual(
      byId([
        'team:payments:changeFailureRate.rate',
        'team:payments:deploymentFrequency.perWeek',
        'service:payments-api:failedDeploymentRecoveryTime.medianSeconds',
      ]),
    );
    expect(org.targets).toEqual(
      byId([
        'team:payments:changeFailureRate.rate',
        'team:payments:deploymentFrequency.perWeek',
        'team:checkout:changeFailureRate.rate',
        'organisation:leadTimeForChanges.level',
      ]),
    );
    // Every state shows: 71 deployments a week against ≥ 100, and a service with no recovery that week.
    expect(payments.targets!.map((x) => x.status)).toEqual(['on_track', 'off_track', 'not_enough_data']);
    expect(payments.targets![1]!.actual).toBe(71);
    const lines = payments.targets!.map((x) => targetLine(x, payments.scope));
    expect(lines[1]).toBe('Payments: deployments per week ≥ 100: off track at 71');
    expect(lines[0]).toBe(
      `Payments: change failure rate ≤ 5%: on track at ${describeFigure('changeFailureRate.rate', payments.targets![0]!.actual!)} (due ${formatDay('2026-09-30')})`,
    );
    const slack = JSON.stringify(posts('/slack/payments')[0]!.body);
    const teams = JSON.stringify(posts('/teams/payments')[0]!.body);
    const mail = smtp.mails[0]!;
    const preview = renderToStaticMarkup(
      createElement(DigestPreview, {
        period: periodLine(payments),
        rows: metricRows(payments),
        sections: digestSections(payments),
        link: payments.links.dashboard,
      }),
    );
    for (const line of ['Targets: 1 of 3 on track', ...lines]) {
      expect(slack).toContain(line);
      expect(teams).toContain(line);
      expect(mail.text).toContain(line);
      expect(mail.html).toContain(line);
      expect(preview).toContain(line);
    }
  });

  it('a bad webhook URL is a clear error on the data-quality page, and nothing else stops', async () => {
    const health = await getDeliveryHealth(t.db, new Date(NOW));
    const byChannel = new Map(health.problems.map((p) => [p.channel, p]));
    expect(byChannel.get('slack:PAVED_TEST_SLACK_GONE')).toMatchObject({
      status: 'failed',
      attempts: 1,
      team: 'checkout',
      error:
        'Slack webhook (PAVED_TEST_SLACK_GONE) answered 404: no_service (check the URL in the environment variable)',
    });
    expect(byChannel.get('teams:PAVED_TEST_NOT_A_URL')).toMatchObject({
      status: 'failed',
      error: 'Microsoft Teams webhook: PAVED_TEST_NOT_A_URL does not hold a URL (expected https://…)',
    });
    // No URL, password or secret in what the page shows.
    const shown = JSON.stringify(health);
    expect(shown).not.toContain('127.0.0.1');
    expect(shown).not.toContain('smtp-secret');
    expect(health.last7Days).toMatchObject({ failed: 2, pending: 0 });
    // As the data-quality page renders it.
    const page = renderToStaticMarkup(createElement(DeliveryHealthTable, { health }));
    expect(page).toContain('Slack webhook (PAVED_TEST_SLACK_GONE) answered 404: no_service');
    expect(page).toContain('<code>slack:PAVED_TEST_SLACK_GONE</code>');
    expect(page).not.toContain('127.0.0.1');
  });
});

describe('regression alerts', () => {
  const alerts = () =>
    t.db
      .selectFrom('notifications')
      .select(['key', 'team', 'message'])
      .where('kind', '=', 'alert')
      .orderBy('key')
      .execute();
  const sync = async () => {
    const { runId } = await requestSyncRun(t.db, workers[0]!.boss, { trigger: 'api' });
    expect((await waitForRun(t.db, runId, { timeoutMs: 60_000 })).status).toBe('succeeded');
    await waitFor('deliveries to settle', settled);
  };

  it('the first sync only records the baseline', async () => {
    await sync();
    expect(await alerts()).toEqual([]);
    expect(
      Number(
        (
          await t.db
            .selectFrom('notification_baselines')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBeGreaterThan(0);
  });

  it('a check that passed fails, the service loses its level and a DORA level drops: each is sent once', async () => {
    const before = posts('/slack/payments').length;
    // payments-api's README goes; incidents now count against deployments up to 90 days before them.
    await t.db
      .updateTable('repository_facts')
      .set((eb) => ({
        facts: eb.fn('jsonb_set', [eb.ref('facts'), eb.val('{files}'), eb.fn('jsonb_build_object', [])]) as never,
      }))
      .where(
        'repository_id',
        '=',
        t.db.selectFrom('repositories').select('id').where('full_name', '=', 'acme/payments-api'),
      )
      .execute();
    writeFileSync(configFile, configText(24 * 90));
    await sync();
    const sent = await alerts();
    const kinds = sent.map((a) => (a.message as AlertMessage).kind);
    expect(kinds).toContain('check-failing');
    expect(kinds).toContain('scorecard-level');
    const readme = sent.find((a) => a.key.startsWith('alert:check:golden-path:readme:payments-api:pass->fail:'));
    expect(readme).toMatchObject({ team: 'payments' });
    expect((readme!.message as AlertMessage).link).toBe('https://paved.example.com/services/payments-api');
    // Every alert about payments went to each of its three channels, once.
    const payments = sent.filter((a) => a.team === 'payments').length;
    expect(posts('/slack/payments').length - before).toBe(payments);
    const texts = posts('/slack/payments')
      .slice(before)
      .map((p) => (p.body as { text: string }).text);
    expect(texts.some((x) => x.includes('now fails “README”'))).toBe(true);
    // A DORA level drop carries the API's figure for the default window.
    for (const alert of sent.filter((a) => (a.message as AlertMessage).kind === 'dora-level')) {
      const api = await dora(alert.team ? `team=${alert.team}` : '');
      const metric = alert.key.split(':')[3] as DigestMetric;
      expect((alert.message as AlertMessage).detail).toContain(formatFigure(metric, COMPARED[metric].value(api)));
      expect((alert.message as AlertMessage).detail).toContain(`now ${api[metric].level}`);
    }
  });

  const targetAlerts = async () =>
    (await alerts()).filter((a) => (a.message as AlertMessage).kind === 'target-off-track');

  it('a target that goes off track is alerted once, with the API figure; one off track from the start is not', async () => {
    const sent = await targetAlerts();
    // Checkout's change failure rate target went off track too, but its channel takes no alerts.
    // The key: subject, change, and since when it was on track (the first sync's baseline).
    expect(sent.map((a) => a.key)).toEqual([
      `alert:target:team:payments:changeFailureRate.rate:on_track->off_track:${new Date(NOW).toISOString()}`,
    ]);
    const api = await targetsApi('team=payments');
    const target = api.targets.find((x) => x.id === 'team:payments:changeFailureRate.rate')!;
    expect(target.status).toBe('off_track');
    const message = sent[0]!.message as AlertMessage;
    expect(sent[0]!.team).toBe('payments');
    expect(message.title).toBe('Payments: target change failure rate ≤ 5% is off track');
    expect(message.detail).toContain(`is ${describeFigure(target.metric, target.actual!)}, needs ≤ 5%`);
    expect(message.detail).toContain(`${target.sample} events`);
    expect(message.link).toBe('https://paved.example.com/teams/payments');
    const texts = posts('/slack/payments').map((p) => (p.body as { text: string }).text);
    expect(texts.filter((x) => x.includes(message.title))).toHaveLength(1);
    expect(posts('/teams/payments').filter((p) => JSON.stringify(p.body).includes(message.title))).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.subject === message.title)).toHaveLength(1);
  });

  it('a second sync sends no duplicate', async () => {
    const [count, received, mails] = [(await alerts()).length, chat.received.length, smtp.mails.length];
    await sync();
    expect((await alerts()).length).toBe(count);
    expect(chat.received.length).toBe(received);
    expect(smtp.mails.length).toBe(mails);
  });

  it('back on track re-arms a target: off track again is a new alert', async () => {
    // An alert's key holds since when the old state held; the pinned clock moves on a minute per
    // sync, as a real one would (the window, whole days, stays the same).
    process.env.PAVED_NOW = '2026-06-01T12:01:00Z';
    writeFileSync(configFile, configText(1));
    await sync();
    expect((await targetAlerts()).length).toBe(1);
    const rearmed = await t.db
      .selectFrom('notification_baselines')
      .select('value')
      .where('subject', '=', 'target:team:payments:changeFailureRate.rate')
      .executeTakeFirstOrThrow();
    expect(rearmed.value).toBe('on_track');
    process.env.PAVED_NOW = '2026-06-01T12:02:00Z';
    writeFileSync(configFile, configText(24 * 90));
    await sync();
    const sent = await targetAlerts();
    expect(sent).toHaveLength(2);
    expect(new Set(sent.map((a) => a.key)).size).toBe(2);
    const texts = posts('/slack/payments').map((p) => (p.body as { text: string }).text);
    expect(texts.filter((x) => x.includes('target change failure rate ≤ 5% is off track'))).toHaveLength(2);
  });
});
