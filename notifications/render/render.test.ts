import { describe, expect, it } from 'vitest';
import type { AlertMessage, DigestMessage } from '../message';
import { emailMessage } from './email';
import { slackMessage } from './slack';
import { teamsMessage } from './teams';

const digest = (links = 'https://paved.example.com'): DigestMessage => ({
  type: 'digest',
  scope: { team: 'payments', name: 'Payments <&> Co' },
  period: { fromDay: '2026-05-25', toDay: '2026-05-31', days: 7 },
  previous: { fromDay: '2026-05-18', toDay: '2026-05-24' },
  metrics: [
    {
      metric: 'changeFailureRate',
      name: 'Change failure rate',
      value: 0.125,
      previous: 0.1,
      level: 'medium',
      levelStatus: 'ok',
      previousLevel: 'high',
      comparison: { status: 'too_few', change: 2.5, unit: 'points' },
      verdict: null,
    },
  ],
  scorecard: { id: 'golden-path', name: 'Golden path' },
  levelChanges: [],
  newlyFailing: [
    {
      scorecard: 'golden-path',
      service: 'ledger',
      serviceName: 'Ledger',
      checkId: 'readme',
      checkName: 'README',
      reason: 'none of <README.md> exists',
    },
  ],
  fixes: [],
  links: { dashboard: `${links}/teams/payments`, scorecard: null, preview: `${links}/digests?team=payments` },
});

describe('rendering a message per channel', () => {
  it('Slack: Block Kit with escaped text, the change not judged on too few events, a button when the link is absolute', () => {
    const body = slackMessage(digest(), true);
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: '[Test] Delivery digest: Payments <&> Co, 25 May 2026 – 31 May 2026' },
    });
    const json = JSON.stringify(body.blocks);
    expect(json).toContain('*Change failure rate*\\n12.5% · medium\\n+2.5 pts (too few events to judge)');
    expect(json).toContain('none of &lt;README.md&gt; exists');
    expect(json).not.toContain('<README.md>');
    expect(body.blocks.at(-1)).toMatchObject({
      type: 'actions',
      elements: [{ url: 'https://paved.example.com/teams/payments' }],
    });
    // Without a public URL there is no button (Slack refuses relative URLs), only the path.
    expect(slackMessage(digest('')).blocks.at(-1)).toMatchObject({ type: 'context' });
  });

  it('Teams: one Adaptive Card with the figures as facts', () => {
    const card = teamsMessage(digest()).attachments[0]!.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.body).toContainEqual({
      type: 'FactSet',
      facts: [{ title: 'Change failure rate', value: '12.5% · medium · +2.5 pts (too few events to judge)' }],
    });
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Paved', url: 'https://paved.example.com/teams/payments' },
    ]);
  });

  it('email: escaped HTML and a text part saying the same', () => {
    const mail = emailMessage(digest());
    expect(mail.html).toContain('Payments &lt;&amp;&gt; Co');
    expect(mail.html).not.toContain('<README.md>');
    expect(mail.text).toContain(
      'Change failure rate: 12.5% (level: medium; +2.5 pts (too few events to judge); before: 10.0%)',
    );
    expect(mail.text).toContain('- Ledger: README (none of <README.md> exists)');
  });

  it('a long list stops at 15 lines and says how many more', () => {
    const many = digest();
    many.newlyFailing = Array.from({ length: 40 }, (_, i) => ({
      ...many.newlyFailing![0]!,
      serviceName: `Service ${i}`,
    }));
    const text = emailMessage(many).text;
    expect(text).toContain('- Service 14:');
    expect(text).not.toContain('- Service 15:');
    expect(text).toContain('- … and 25 more in Paved');
  });

  it('an alert: its title and detail, and its link', () => {
    const alert: AlertMessage = {
      type: 'alert',
      kind: 'check-failing',
      scope: { team: 'payments', name: 'Payments' },
      title: 'Ledger now fails “README”',
      detail: '“README” (Golden path, bronze) passed for Ledger and now fails: none of README.md exists',
      link: 'https://paved.example.com/services/ledger',
    };
    expect(emailMessage(alert).text).toBe(`${alert.title}\n\n${alert.detail}\n\n${alert.link}`);
    expect(slackMessage(alert).blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: alert.detail } });
  });
});
