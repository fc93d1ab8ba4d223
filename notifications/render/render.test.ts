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

  it('targets: a section in every channel with the state, the figure judged and the due day; none without targets', () => {
    const withTargets = digest();
    withTargets.targets = [
      {
        id: 'team:payments:changeFailureRate.rate',
        scope: { type: 'team', slug: 'payments' },
        metric: 'changeFailureRate.rate',
        op: '<=',
        value: 0.05,
        due: '2026-05-01',
        goal: 'change failure rate ≤ 5%',
        status: 'off_track',
        actual: 0.0576,
        sample: 989,
        reason: 'change failure rate is 5.76%, needs ≤ 5% from 2026-05-25 to 2026-05-31 (changeFailureRate.rate)',
        overdue: true,
      },
      {
        id: 'organisation:leadTimeForChanges.level',
        scope: { type: 'organisation', slug: null },
        metric: 'leadTimeForChanges.level',
        op: '>=',
        value: 'high',
        due: null,
        goal: 'lead time level ≥ high',
        status: 'on_track',
        actual: 'elite',
        sample: 203,
        reason: 'lead time level is elite from 2026-05-25 to 2026-05-31 (leadTimeForChanges.level)',
        overdue: false,
      },
      {
        id: 'service:ledger:failedDeploymentRecoveryTime.medianSeconds',
        scope: { type: 'service', slug: 'ledger' },
        metric: 'failedDeploymentRecoveryTime.medianSeconds',
        op: '<=',
        value: 3600,
        due: '2026-12-31',
        goal: 'median failed deployment recovery time ≤ 60 min',
        status: 'not_enough_data',
        actual: null,
        sample: 0,
        reason: 'median failed deployment recovery time has no value …',
        overdue: false,
      },
    ];
    const lines = [
      'Payments <&> Co: change failure rate ≤ 5%: off track at 5.76% (due 1 May 2026, past due)',
      'The organisation: lead time level ≥ high: on track at elite',
      'Service ledger: median failed deployment recovery time ≤ 60 min: not enough data to judge (due 31 Dec 2026)',
    ];
    const mail = emailMessage(withTargets);
    expect(mail.text).toContain(`Targets: 1 of 3 on track\n${lines.map((l) => `- ${l}`).join('\n')}`);
    for (const line of lines) expect(mail.html).toContain(`<li>${line.replace('<&>', '&lt;&amp;&gt;')}</li>`);
    const slack = JSON.stringify(slackMessage(withTargets).blocks);
    expect(slack).toContain(
      JSON.stringify(
        `*Targets: 1 of 3 on track*\n${lines.map((l) => `• ${l.replace('<&>', '&lt;&amp;&gt;')}`).join('\n')}`,
      ),
    );
    const card = teamsMessage(withTargets).attachments[0]!.content;
    expect(card.body).toContainEqual(expect.objectContaining({ text: 'Targets: 1 of 3 on track' }));
    expect(card.body).toContainEqual(expect.objectContaining({ text: lines.map((l) => `- ${l}`).join('\n') }));
    // A digest with no targets in force (or recorded before targets were sent) has no such section.
    expect(emailMessage(digest()).text).not.toContain('Targets');
    expect(emailMessage({ ...withTargets, targets: [] }).text).not.toContain('Targets');
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
