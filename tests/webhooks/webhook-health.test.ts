import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRefusal } from '../../db/writes/webhook-deliveries';
import { parseConfigText } from '../../lib/config';
import { getWebhookHealth } from '../../metrics/webhook-health';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/** The data-quality page's webhook health, from inbox rows whose times are stated here. */
let t: TestDatabase;
const CONFIG = parseConfigText(
  'github:\n  token: x\n  webhookSecret: ${H}\npagerduty:\n  token: y\n  webhookSecrets: ["${P}"]\nwebhooks:\n  quietHours: 2\n',
  'paved.yaml',
  { H: 'h', P: 'p' },
).config;

async function delivery(
  source: 'github' | 'pagerduty',
  id: string,
  ageMinutes: number,
  lagSeconds: number | null,
  outcome = 'queued',
) {
  await t.db
    .insertInto('webhook_deliveries')
    .values({
      source,
      delivery_id: id,
      event: 'push',
      action: null,
      target: 'acme/api',
      received_at: sql<Date>`now() - make_interval(mins => ${ageMinutes})`,
      body_sha256: 'x',
      outcome: outcome as 'queued',
      figures_at:
        lagSeconds === null
          ? null
          : sql<Date>`now() - make_interval(mins => ${ageMinutes}) + make_interval(secs => ${lagSeconds})`,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('webhook health', () => {
  it('counts a day by outcome, takes lag percentiles, and flags a configured source that went quiet', async () => {
    // GitHub: 20 re-reads with lags 1..20 s in the last hour, one ignored, one older than a day.
    for (let i = 1; i <= 20; i++) await delivery('github', `g${i}`, 30, i);
    await delivery('github', 'ignored', 10, null, 'ignored');
    await delivery('github', 'old', 25 * 60, 500);
    await countRefusal(t.db, 'github', 'rejected');
    await countRefusal(t.db, 'github', 'rejected');
    await countRefusal(t.db, 'github', 'duplicate');
    // PagerDuty: last heard three hours ago, past quietHours (2).
    await delivery('pagerduty', 'p1', 180, 4);

    const [github, pagerduty] = await getWebhookHealth(t.db, CONFIG);
    expect(github).toMatchObject({
      source: 'github',
      configured: true,
      quiet: false,
      last24h: { queued: 20, coalesced: 0, ignored: 1, duplicate: 1, rejected: 2, malformed: 0 },
      lag: { p50Seconds: 10.5, p95Seconds: 19.1, samples: 20 },
    });
    expect(pagerduty).toMatchObject({ source: 'pagerduty', quiet: true, lag: { samples: 1, p50Seconds: 4 } });
  });

  it('leaves out a source with neither a secret nor a delivery, and flags one configured but never heard from', async () => {
    const onlyGithub = parseConfigText('github:\n  token: x\n  webhookSecret: ${H}\n', 'paved.yaml', { H: 'h' }).config;
    const empty = await createTestDatabase();
    try {
      expect(await getWebhookHealth(empty.db, onlyGithub)).toEqual([
        expect.objectContaining({ source: 'github', lastDeliveryAt: null, quiet: true }),
      ]);
    } finally {
      await empty.drop();
    }
  });
});
