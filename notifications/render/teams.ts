import type { Message } from '../message';
import { digestSections, metricRows, periodLine, titleOf } from './lines';

const text = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
});
const isAbsolute = (url: string) => /^https?:\/\//.test(url);

/**
 * A Microsoft Teams incoming-webhook body: one Adaptive Card (1.4) in a message, with the
 * figures as a FactSet, a block per list and an Open URL action into the dashboard.
 */
export function teamsMessage(message: Message, test = false) {
  const link = message.type === 'alert' ? message.link : message.links.dashboard;
  const body: unknown[] = [text(titleOf(message, test), { weight: 'Bolder', size: 'Medium' })];
  if (message.type === 'alert') body.push(text(message.detail));
  else {
    body.push(text(periodLine(message), { isSubtle: true }));
    body.push({
      type: 'FactSet',
      facts: metricRows(message).map((r) => ({
        title: r.name,
        value: `${r.value} · ${r.level} · ${r.change}`,
      })),
    });
    for (const section of digestSections(message)) {
      body.push(text(section.heading, { weight: 'Bolder', spacing: 'Medium' }));
      body.push(text(section.lines.length ? section.lines.map((l) => `- ${l}`).join('\n') : section.empty));
    }
  }
  if (!isAbsolute(link)) body.push(text(`In Paved: ${link}`, { isSubtle: true }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          actions: isAbsolute(link) ? [{ type: 'Action.OpenUrl', title: 'Open in Paved', url: link }] : [],
        },
      },
    ],
  };
}
