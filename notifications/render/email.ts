import type { Message } from '../message';
import { digestSections, metricRows, periodLine, plainText, titleOf } from './lines';

const escape = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const cell = 'padding:4px 10px;border-bottom:1px solid #ddd;text-align:left';

/** An email's subject and its two parts, HTML and plain text, saying the same. */
export function emailMessage(message: Message, test = false): { subject: string; html: string; text: string } {
  const title = titleOf(message, test);
  const link = message.type === 'alert' ? message.link : message.links.dashboard;
  const parts: string[] = [`<h2 style="font-family:sans-serif">${escape(title)}</h2>`];
  if (message.type === 'alert') parts.push(`<p>${escape(message.detail)}</p>`);
  else {
    parts.push(`<p style="color:#555">${escape(periodLine(message))}</p>`);
    const rows = metricRows(message)
      .map(
        (r) =>
          `<tr><th style="${cell}">${escape(r.name)}</th><td style="${cell}">${escape(r.value)}</td><td style="${cell}">${escape(r.level)}</td><td style="${cell}">${escape(r.change)}</td><td style="${cell}">${escape(r.previous)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<table style="border-collapse:collapse;font-family:sans-serif"><thead><tr><th style="${cell}">Metric</th><th style="${cell}">This period</th><th style="${cell}">Level</th><th style="${cell}">Change</th><th style="${cell}">Before</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
    for (const section of digestSections(message)) {
      parts.push(`<h3 style="font-family:sans-serif">${escape(section.heading)}</h3>`);
      parts.push(
        section.lines.length
          ? `<ul>${section.lines.map((l) => `<li>${escape(l)}</li>`).join('')}</ul>`
          : `<p style="color:#555">${escape(section.empty)}</p>`,
      );
    }
  }
  parts.push(`<p><a href="${escape(link)}">Open in Paved</a></p>`);
  return {
    subject: title,
    html: `<!doctype html><html><body>${parts.join('\n')}</body></html>`,
    text: plainText(message, test),
  };
}
