import type { Message } from '../message';
import { digestSections, metricRows, periodLine, plainText, titleOf } from './lines';

/** Slack's mrkdwn treats &, < and > as markup: figures and names are escaped. */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: cut(text, 3000) });
const isAbsolute = (url: string) => /^https?:\/\//.test(url);

/**
 * A Slack incoming-webhook body in Block Kit: a header, the figures as section fields, a section
 * per list, and a button into the dashboard (a plain line when no `server.publicUrl` makes the
 * link absolute). `text` is the notification's fallback, the whole message in plain text.
 */
export function slackMessage(message: Message, test = false): { text: string; blocks: unknown[] } {
  const link = message.type === 'alert' ? message.link : message.links.dashboard;
  const blocks: unknown[] = [{ type: 'header', text: { type: 'plain_text', text: cut(titleOf(message, test), 150) } }];
  if (message.type === 'alert') {
    blocks.push({ type: 'section', text: mrkdwn(escape(message.detail)) });
  } else {
    blocks.push({ type: 'context', elements: [mrkdwn(escape(periodLine(message)))] });
    blocks.push({
      type: 'section',
      fields: metricRows(message).map((r) =>
        mrkdwn(`*${escape(r.name)}*\n${escape(r.value)} · ${escape(r.level)}\n${escape(r.change)}`),
      ),
    });
    for (const section of digestSections(message)) {
      const body = section.lines.length
        ? section.lines.map((l) => `• ${escape(l)}`).join('\n')
        : `_${escape(section.empty)}_`;
      blocks.push({ type: 'section', text: mrkdwn(`*${escape(section.heading)}*\n${body}`) });
    }
  }
  blocks.push(
    isAbsolute(link)
      ? {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Paved' }, url: link }],
        }
      : { type: 'context', elements: [mrkdwn(`In Paved: ${escape(link)}`)] },
  );
  return { text: cut(plainText(message, test), 3000), blocks };
}
