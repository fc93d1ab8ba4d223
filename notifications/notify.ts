import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { PgBoss } from '../db/queue';
import {
  getDelivery,
  readBaselines,
  recordNotification,
  settleDeliveryAttempt,
  writeBaselines,
} from '../db/writes/notifications';
import type { LoadedConfig } from '../lib/config';
import type { Logger } from '../lib/logger';
import { listTeams } from '../metrics/catalog-views';
import type { LoadedScorecards } from '../scorecards/load-scorecards';
import { buildDigest, digestPeriod } from './build-digest';
import { channelId, channelsFor, findChannel } from './channels';
import { deliver, DeliveryError } from './deliver';
import type { Message } from './message';
import { findRegressions, observe } from './regressions';

/**
 * This period's digests, one per team with a digest channel and one for the organisation when it
 * has one, each recorded once per period (key `digest:<team>:<last day>`), so every worker that
 * sees the schedule's tick may call this. Returns how many it recorded.
 */
export async function queueDigests(
  db: Db,
  boss: PgBoss,
  loaded: LoadedConfig,
  scorecards: LoadedScorecards,
  at: Date,
): Promise<number> {
  const config = loaded.config;
  const teams = (await listTeams(db)).map((t) => t.slug);
  const due = [null, ...teams].filter((team) => channelsFor(config.notifications, team, 'digest').length > 0);
  // Built only when not recorded yet: every worker sees every tick, and building one reads figures.
  const keyOf = (team: string | null) => `digest:${team ?? '*'}:${digestPeriod(config, at).toDay}`;
  const recordedKeys = new Set(
    due.length
      ? (await db.selectFrom('notifications').select('key').where('key', 'in', due.map(keyOf)).execute()).map(
          (r) => r.key,
        )
      : [],
  );
  let recorded = 0;
  for (const team of due.filter((t) => !recordedKeys.has(keyOf(t)))) {
    const message = await buildDigest(db, config, scorecards, team, at);
    if (!message) continue;
    const channels = channelsFor(config.notifications, team, 'digest').map(channelId);
    const id = await recordNotification(db, boss, { key: keyOf(team), kind: 'digest', team, message, channels }, at);
    if (id !== null) recorded++;
  }
  return recorded;
}

/**
 * After a derivation: compares what alerts watch (DORA levels, scorecard levels, check states)
 * with their baselines, records one alert per regression for the channels of the team it concerns
 * (each once: its key names the subject, the change and since when the old state held), then
 * moves the baselines. Runs inside the derivation lock, so workers take turns.
 */
export async function queueRegressionAlerts(
  db: Db,
  boss: PgBoss,
  loaded: LoadedConfig,
  scorecards: LoadedScorecards,
  at: Date,
): Promise<number> {
  const config = loaded.config;
  if (!config.notifications?.alerts) return 0;
  const [observations, baselines] = await Promise.all([observe(db, config, scorecards, at), readBaselines(db)]);
  let recorded = 0;
  for (const alert of findRegressions(observations, baselines)) {
    const channels = channelsFor(config.notifications, alert.team, 'alert');
    if (channels.length === 0) continue;
    const id = await recordNotification(
      db,
      boss,
      { key: alert.key, kind: 'alert', team: alert.team, message: alert.message, channels: channels.map(channelId) },
      at,
    );
    if (id !== null) recorded++;
  }
  const changed = observations.filter((o) => baselines.get(o.subject)?.value !== o.value);
  await writeBaselines(db, changed, at);
  return recorded;
}

/**
 * Queues a test message for a team's (or the organisation's) channels: this period's digest as
 * the preview shows it, marked as a test. Null when there is no such team; 0 channels is an answer too.
 */
export async function queueTestMessage(
  db: Db,
  boss: PgBoss,
  loaded: LoadedConfig,
  scorecards: LoadedScorecards,
  team: string | null,
  at: Date,
): Promise<{ id: number; channels: number } | null> {
  const message = await buildDigest(db, loaded.config, scorecards, team, at);
  if (!message) return null;
  const channels = channelsFor(loaded.config.notifications, team, 'test').map(channelId);
  const id = await recordNotification(
    db,
    boss,
    { key: `test:${randomUUID()}`, kind: 'test', team, message, channels },
    at,
  );
  return { id: id!, channels: channels.length };
}

/**
 * The job that sends one delivery. A permanent failure (no such variable, not a URL, a 4xx)
 * fails the delivery at once; any other error is recorded and thrown, so the queue retries it.
 */
export async function sendDelivery(
  db: Db,
  loaded: LoadedConfig,
  deliveryId: number,
  options: { env: Record<string, string | undefined>; fetch?: typeof fetch; log: Logger; at: () => Date },
): Promise<void> {
  const delivery = await getDelivery(db, deliveryId);
  if (!delivery || delivery.status !== 'pending') return;
  const notifications = loaded.config.notifications;
  const channel = findChannel(notifications, delivery.team, delivery.channel);
  if (!channel) {
    await settleDeliveryAttempt(
      db,
      deliveryId,
      {
        status: 'failed',
        error: `channel ${delivery.channel} is no longer configured for ${delivery.team ?? 'the organisation'}`,
      },
      options.at(),
    );
    return;
  }
  try {
    await deliver(channel, delivery.message as Message, {
      env: options.env,
      smtp: notifications?.smtp,
      fetch: options.fetch,
      test: delivery.kind === 'test',
    });
  } catch (error) {
    const permanent = error instanceof DeliveryError && error.permanent;
    const reason = error instanceof Error ? error.message : String(error);
    await settleDeliveryAttempt(
      db,
      deliveryId,
      { status: permanent ? 'failed' : 'pending', error: reason },
      options.at(),
    );
    options.log.warn(`delivery ${deliveryId} (${delivery.channel}) failed: ${reason}`, { deliveryId });
    if (permanent) return;
    throw error;
  }
  await settleDeliveryAttempt(db, deliveryId, { status: 'sent' }, options.at());
}
