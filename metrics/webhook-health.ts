import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { WebhookOutcome, WebhookRefusal, WebhookSource } from '../db/schema';
import type { PavedConfig } from '../lib/config';

/** Per source: is the webhook configured, when did it last deliver, what came in over a day, how fresh did it make the figures. */
export interface WebhookHealth {
  source: WebhookSource;
  /** A secret is configured, so the endpoint exists. */
  configured: boolean;
  lastDeliveryAt: string | null;
  /** The last 24 hours, by outcome; `rejected` is signatures refused. */
  last24h: Record<WebhookOutcome | WebhookRefusal, number>;
  /** Delivery to updated figures over the last 24 hours, in seconds. */
  lag: { p50Seconds: number | null; p95Seconds: number | null; samples: number };
  /** Configured but silent for longer than `webhooks.quietHours` (or never heard from). */
  quiet: boolean;
}

const SOURCES: readonly WebhookSource[] = ['github', 'pagerduty'];
const EMPTY = { queued: 0, coalesced: 0, ignored: 0, rejected: 0, duplicate: 0, malformed: 0 };

const configured = (config: PavedConfig, source: WebhookSource) =>
  source === 'github' ? Boolean(config.github?.webhookSecret) : (config.pagerduty?.webhookSecrets.length ?? 0) > 0;

/**
 * Webhook health from the inbox and the refusal counts, on the database's clock (deliveries are
 * stamped by it, whatever PAVED_NOW pins). Sources neither configured nor ever heard from are left out.
 */
export async function getWebhookHealth(db: Db, config: PavedConfig): Promise<WebhookHealth[]> {
  const day = sql<Date>`now() - interval '24 hours'`;
  const [last, outcomes, refusals, lags] = await Promise.all([
    db
      .selectFrom('webhook_deliveries')
      .select(['source', (eb) => eb.fn.max('received_at').as('at')])
      .groupBy('source')
      .execute(),
    db
      .selectFrom('webhook_deliveries')
      .select(['source', 'outcome', (eb) => eb.fn.countAll<string>().as('n')])
      .where('received_at', '>', day)
      .groupBy(['source', 'outcome'])
      .execute(),
    db
      .selectFrom('webhook_counts')
      .select(['source', 'outcome', (eb) => eb.fn.sum<string>('count').as('n')])
      .where('hour', '>', sql<Date>`date_trunc('hour', now() - interval '24 hours')`)
      .groupBy(['source', 'outcome'])
      .execute(),
    db
      .selectFrom('webhook_deliveries')
      .select([
        'source',
        sql<number>`percentile_cont(0.5) within group (order by extract(epoch from figures_at - received_at))`.as(
          'p50',
        ),
        sql<number>`percentile_cont(0.95) within group (order by extract(epoch from figures_at - received_at))`.as(
          'p95',
        ),
        (eb) => eb.fn.countAll<string>().as('n'),
      ])
      .where('figures_at', 'is not', null)
      .where('received_at', '>', day)
      .groupBy('source')
      .execute(),
  ]);
  const { rows } = await sql<{ now: Date }>`select now() as now`.execute(db);
  const dbNow = rows[0]!.now.getTime();
  const quietMs = config.webhooks.quietHours * 3_600_000;
  return SOURCES.flatMap((source) => {
    const lastAt = last.find((r) => r.source === source)?.at ?? null;
    if (!configured(config, source) && !lastAt) return [];
    const last24h = { ...EMPTY };
    for (const r of [...outcomes, ...refusals].filter((r) => r.source === source)) last24h[r.outcome] = Number(r.n);
    const lag = lags.find((r) => r.source === source);
    const round = (v: number | null | undefined) => (v == null ? null : Math.round(Number(v) * 10) / 10);
    return [
      {
        source,
        configured: configured(config, source),
        lastDeliveryAt: lastAt ? new Date(lastAt).toISOString() : null,
        last24h,
        lag: { p50Seconds: round(lag?.p50), p95Seconds: round(lag?.p95), samples: Number(lag?.n ?? 0) },
        quiet: configured(config, source) && (!lastAt || dbNow - new Date(lastAt).getTime() > quietMs),
      },
    ];
  });
}
