import type { ChannelConfig, NotificationsConfig } from '../lib/config-schema';

/**
 * A channel's stable name, kept with each delivery: the kind and the environment variable (or the
 * addresses), never the secret itself. A delivery finds its channel in today's config by it.
 * @example channelId({ type: 'slack', webhookUrlEnv: 'PAVED_SLACK_PAYMENTS', digest: true, alerts: true }) // 'slack:PAVED_SLACK_PAYMENTS'
 */
export function channelId(channel: ChannelConfig): string {
  return channel.type === 'email' ? `email:${channel.to.join(',')}` : `${channel.type}:${channel.webhookUrlEnv}`;
}

/** The channels of a team (or of the organisation, `team` null) that take a kind of message. */
export function channelsFor(
  config: NotificationsConfig | undefined,
  team: string | null,
  kind: 'digest' | 'alert' | 'test',
): ChannelConfig[] {
  if (!config) return [];
  const all = team === null ? config.organisation : (config.teams[team] ?? []);
  if (kind === 'test') return all;
  return all.filter((c) => (kind === 'digest' ? c.digest : c.alerts));
}

/** A delivery's channel in today's config; null when it has been removed since. */
export function findChannel(
  config: NotificationsConfig | undefined,
  team: string | null,
  id: string,
): ChannelConfig | null {
  return channelsFor(config, team, 'test').find((c) => channelId(c) === id) ?? null;
}
