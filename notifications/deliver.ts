import nodemailer from 'nodemailer';
import type { ChannelConfig, NotificationsConfig } from '../lib/config-schema';
import { redact, registerSecret } from '../lib/logger';
import type { Message } from './message';
import { emailMessage } from './render/email';
import { slackMessage } from './render/slack';
import { teamsMessage } from './render/teams';

/** Outbound requests give up after this long; the queue retries them. */
const TIMEOUT_MS = 30_000;

/**
 * Why a delivery failed. `permanent`: retrying cannot help until someone fixes the config or the
 * environment (no such variable, not a URL, a 4xx other than 429), so it fails at once instead of
 * retrying. Messages name the channel and the environment variable, never the URL (it is a credential).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

const CHANNEL_NAMES = { slack: 'Slack', teams: 'Microsoft Teams', email: 'email' } as const;

export interface DeliverOptions {
  env: Record<string, string | undefined>;
  smtp: NotificationsConfig['smtp'];
  fetch?: typeof fetch;
  test?: boolean;
}

/** Sends one message to one channel; throws DeliveryError with a message fit for the data-quality page. */
export async function deliver(channel: ChannelConfig, message: Message, options: DeliverOptions): Promise<void> {
  if (channel.type === 'email') return sendEmail(channel.to, message, options);
  const name = CHANNEL_NAMES[channel.type];
  const url = webhookUrl(channel.webhookUrlEnv, name, options.env);
  const body = channel.type === 'slack' ? slackMessage(message, options.test) : teamsMessage(message, options.test);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new DeliveryError(`${name} webhook (${channel.webhookUrlEnv}) could not be reached: ${redact(cause)}`, false);
  }
  const answer = (await response.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
  if (response.ok) return;
  const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
  throw new DeliveryError(
    `${name} webhook (${channel.webhookUrlEnv}) answered ${response.status}${answer ? `: ${redact(answer)}` : ''}${
      permanent ? ' (check the URL in the environment variable)' : ''
    }`,
    permanent,
  );
}

function webhookUrl(envName: string, name: string, env: DeliverOptions['env']): string {
  const value = env[envName];
  if (!value) throw new DeliveryError(`${name} webhook: environment variable ${envName} is not set`, true);
  registerSecret(value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DeliveryError(`${name} webhook: ${envName} does not hold a URL (expected https://…)`, true);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DeliveryError(`${name} webhook: ${envName} holds a ${url.protocol} URL (expected https://…)`, true);
  }
  return url.toString();
}

async function sendEmail(to: readonly string[], message: Message, options: DeliverOptions): Promise<void> {
  const smtp = options.smtp;
  if (!smtp) throw new DeliveryError('email: notifications.smtp is not configured', true);
  const password = smtp.passwordEnv ? options.env[smtp.passwordEnv] : undefined;
  if (smtp.passwordEnv && !password) {
    throw new DeliveryError(`email: environment variable ${smtp.passwordEnv} (the SMTP password) is not set`, true);
  }
  registerSecret(password);
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  const { subject, html, text } = emailMessage(message, options.test);
  try {
    await transport.sendMail({ from: smtp.from, to: [...to], subject, html, text });
  } catch (error) {
    const e = error as Error & { responseCode?: number; code?: string };
    // 5xx SMTP replies (unknown mailbox, authentication refused) do not heal by retrying.
    const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
    throw new DeliveryError(`email via ${smtp.host}:${smtp.port} failed: ${redact(e.message)}`, permanent);
  } finally {
    transport.close();
  }
}
