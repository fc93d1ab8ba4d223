import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, hasExternalSources, loadConfig, parseConfigText } from './config';

const FILE = '/etc/paved/paved.config.yaml';

function errorOf(text: string, env: Record<string, string> = {}): string {
  try {
    parseConfigText(text, FILE, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies defaults when no file exists', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-config-'));
    const { config, file } = loadConfig({}, dir);
    expect(file).toBeNull();
    expect(config.schedule.sync).toBe('*/30 * * * *');
    expect(config.metrics).toEqual({
      incidentAttributionWindowHours: 168,
      minimumSample: 5,
      hotfixLabels: ['hotfix', 'bug', 'incident'],
    });
    expect(hasExternalSources(config)).toBe(false);
  });

  it('fills GitHub defaults and keeps a GitHub Enterprise Server URL', () => {
    const { config } = parseConfigText(
      'github:\n  token: t0ken-value\n  apiUrl: https://ghe.example.com/api/v3\n  organizations: [acme]\n',
      FILE,
      {},
    );
    expect(config.github).toMatchObject({
      apiUrl: 'https://ghe.example.com/api/v3',
      productionEnvironments: ['production', 'prod'],
      backfillDays: 180,
      deployWorkflows: {},
    });
    expect(hasExternalSources(config)).toBe(true);
  });

  it('expands ${VAR} and ${VAR:-default} from the environment', () => {
    const text =
      'github:\n  token: ${GH_TOKEN}\n  apiUrl: ${GH_URL:-https://api.github.com}\npagerduty:\n  token: "pd-${PD_SUFFIX:-x}"\n';
    const { config } = parseConfigText(text, FILE, { GH_TOKEN: 'secret-1' });
    expect(config.github?.token).toBe('secret-1');
    expect(config.github?.apiUrl).toBe('https://api.github.com');
    expect(config.pagerduty?.token).toBe('pd-x');
  });

  it.each([
    [
      'github:\n  token: t\n  productionEnvironments: prod\n',
      'github.productionEnvironments: expected array, found "prod"',
    ],
    ['github:\n  token: t\n  backfillDays: -3\n', 'github.backfillDays: expected'],
    [
      'github:\n  token: t\n  repositories: [not-a-repo]\n',
      'github.repositories[0]: expected a repository as "owner/name", found "not-a-repo"',
    ],
    [
      'github:\n  organizations: [acme]\n',
      'github: expected either token (a personal access token) or app (appId and privateKey), not both, found a mapping',
    ],
    [
      'github:\n  token: t\n  app: { appId: 1, privateKey: k.pem }\n',
      'github: expected either token (a personal access token) or app (appId and privateKey), not both',
    ],
    ['github:\n  app: { appId: one, privateKey: k.pem }\n', 'github.app.appId: expected a numeric App id'],
    ['githbu:\n  token: t\n', 'githbu: unknown key'],
    ['catalog:\n  services:\n    - slug: Payments API\n', 'catalog.services[0].slug: expected a lowercase slug'],
    ['schedule:\n  sync: every five minutes\n', 'schedule.sync: expected a cron expression'],
    [
      'metrics:\n  incidentAttributionWindowHours: "a week"\n',
      'metrics.incidentAttributionWindowHours: expected number, found "a week"',
    ],
    ['github: [1, 2\n', 'invalid YAML'],
  ])('names the file, key, expectation and finding for %j', (text, expected) => {
    const message = errorOf(text);
    expect(message.startsWith(FILE)).toBe(true);
    expect(message).toContain(expected);
  });

  it('names the key whose environment variable is missing', () => {
    expect(errorOf('github:\n  token: ${GITHUB_TOKEN}\n')).toBe(
      `${FILE}: github.token: environment variable GITHUB_TOKEN is not set (use \${GITHUB_TOKEN:-default} for an optional value)`,
    );
  });

  it('never echoes a token value in an error', () => {
    const message = errorOf('github:\n  token: [sekrit-value]\n');
    expect(message).toContain('github.token');
    expect(message).not.toContain('sekrit-value');
  });

  it('fails for a PAVED_CONFIG file that does not exist', () => {
    expect(() => loadConfig({ PAVED_CONFIG: '/nonexistent/paved.yaml' })).toThrow(
      '/nonexistent/paved.yaml: (root): file not found',
    );
  });

  it('reads the file PAVED_CONFIG names, and changes the fingerprint when the config changes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-config-'));
    const file = path.join(dir, 'custom.yaml');
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix]\n');
    const first = loadConfig({ PAVED_CONFIG: file }, dir);
    expect(first.file).toBe(file);
    expect(first.config.metrics.hotfixLabels).toEqual(['hotfix']);
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix, sev1]\n');
    expect(loadConfig({ PAVED_CONFIG: file }, dir).fingerprint).not.toBe(first.fingerprint);
  });

  it('accepts the shipped example file', () => {
    const { config } = loadConfig({
      PAVED_CONFIG: 'paved.config.example.yaml',
      GITHUB_TOKEN: 'g',
      PAGERDUTY_TOKEN: 'p',
      PAVED_ADMIN_TOKEN: 'a',
    });
    expect(config.github?.organizations.length).toBeGreaterThan(0);
    expect(config.catalog.services.length).toBeGreaterThan(0);
  });
});

describe('cached configuration', () => {
  it('re-reads the file only when it changes', async () => {
    const { loadConfigCached } = await import('./config');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-config-'));
    const file = path.join(dir, 'paved.yaml');
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix]\n');
    const first = loadConfigCached({ PAVED_CONFIG: file }, dir);
    expect(loadConfigCached({ PAVED_CONFIG: file }, dir)).toBe(first);
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix, sev1, sev2]\n');
    const changed = loadConfigCached({ PAVED_CONFIG: file }, dir);
    expect(changed).not.toBe(first);
    expect(changed.config.metrics.hotfixLabels).toEqual(['hotfix', 'sev1', 'sev2']);
  });
});

const OIDC = 'auth:\n  oidc:\n    issuer: https://id.example.com\n    clientId: paved\n';

describe('auth configuration', () => {
  it('takes the client secret only from the environment', () => {
    const { config } = parseConfigText(`${OIDC}    clientSecret: \${OIDC_SECRET}\n`, FILE, {
      OIDC_SECRET: 's3cr3t-value',
    });
    expect(config.auth?.oidc?.clientSecret).toBe('s3cr3t-value');
    const message = errorOf(`${OIDC}    clientSecret: s3cr3t-in-file\n`);
    expect(message).toBe(
      `${FILE}: auth.oidc.clientSecret: expected an environment reference such as "\${PAVED_OIDC_CLIENT_SECRET}", found a value written into the file (not shown: it is a secret)`,
    );
    expect(message).not.toContain('s3cr3t-in-file');
  });

  it('names the key and what it expects', () => {
    expect(errorOf('auth:\n  publicBadges: false\n')).toBe(
      `${FILE}: auth: expected oidc (sign-in), proxy (a trusted reverse proxy) or mode: none (no sign-in on every interface)`,
    );
    expect(errorOf('auth:\n  mode: proxy\n')).toMatch(/auth\.proxy: expected header and trustedProxies/);
    expect(errorOf('auth:\n  proxy:\n    header: X-Email\n    trustedProxies: [10.0.0.0/33]\n')).toBe(
      `${FILE}: auth.proxy.trustedProxies[0]: expected an IP address or CIDR range, found "10.0.0.0/33"`,
    );
    expect(errorOf(`${OIDC}  roles:\n    admin:\n      emails: [not-an-email]\n`)).toMatch(
      /auth\.roles\.admin\.emails\[0\]: expected an email address/,
    );
    expect(errorOf('auth:\n  mode: open\n')).toMatch(/^\/etc\/paved\/paved\.config\.yaml: auth\.mode: expected one of/);
  });
});

describe('notifications configuration', () => {
  it('takes channels per team, naming environment variables for the webhooks and the SMTP password', () => {
    const { config } = parseConfigText(
      [
        'notifications:',
        '  smtp: { host: smtp.example.com, user: paved, passwordEnv: PAVED_SMTP_PASSWORD, from: paved@example.com }',
        '  organisation: [{ type: teams, webhookUrlEnv: PAVED_TEAMS_LEADERSHIP, alerts: false }]',
        '  teams:',
        '    payments:',
        '      - { type: slack, webhookUrlEnv: PAVED_SLACK_PAYMENTS }',
        '      - { type: email, to: [payments@example.com] }',
      ].join('\n'),
      FILE,
      {},
    );
    expect(config.notifications).toMatchObject({
      digestSchedule: '0 8 * * 1',
      periodDays: 7,
      alerts: true,
      smtp: { host: 'smtp.example.com', port: 587, secure: false, passwordEnv: 'PAVED_SMTP_PASSWORD' },
      organisation: [{ type: 'teams', webhookUrlEnv: 'PAVED_TEAMS_LEADERSHIP', digest: true, alerts: false }],
      teams: {
        payments: [
          { type: 'slack', digest: true, alerts: true },
          { type: 'email', to: ['payments@example.com'] },
        ],
      },
    });
  });

  it.each([
    [
      'a webhook URL written in place of the variable',
      'notifications:\n  teams:\n    payments: [{ type: slack, webhookUrlEnv: "https://hooks.slack.com/services/T0/B0/x" }]\n',
      `${FILE}: notifications.teams.payments[0].webhookUrlEnv: expected the name of an environment variable, such as PAVED_SLACK_WEBHOOK, found a value of another form (not shown: it is a secret)`,
    ],
    [
      'email without SMTP',
      'notifications:\n  teams:\n    payments: [{ type: email, to: [a@example.com] }]\n',
      `${FILE}: notifications.teams.payments[0]: expected notifications.smtp (host, from), since this channel is email`,
    ],
    [
      'a digest schedule that is not cron',
      'notifications:\n  digestSchedule: every monday\n',
      `${FILE}: notifications.digestSchedule: expected a cron expression such as "0 8 * * 1", found "every monday"`,
    ],
    [
      'an unknown kind of channel',
      'notifications:\n  organisation: [{ type: pager, webhookUrlEnv: X }]\n',
      `${FILE}: notifications.organisation[0].type: expected a channel of type slack, teams or email, found "pager"`,
    ],
  ])('refuses %s, naming the key', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
    expect(errorOf(text)).not.toContain('hooks.slack.com');
  });
});

describe('targets configuration', () => {
  it('reads targets, with an id per scope and metric unless one is given', () => {
    const { config } = parseConfigText(
      [
        'targets:',
        "  - { team: payments, metric: changeFailureRate.rate, op: '<=', value: 0.10, due: 2027-06-30 }",
        "  - { metric: leadTimeForChanges.level, op: '>=', value: high }",
        "  - { id: ledger-recovery, service: ledger, metric: failedDeploymentRecoveryTime.medianSeconds, op: '<', value: 3600 }",
      ].join('\n'),
      FILE,
      {},
    );
    expect(config.targets.map((t) => t.id)).toEqual([
      'team:payments:changeFailureRate.rate',
      'organisation:leadTimeForChanges.level',
      'ledger-recovery',
    ]);
    expect(config.targets[0]).toMatchObject({ team: 'payments', value: 0.1, due: '2027-06-30' });
  });

  it('names the file, the key and what it expects', () => {
    const one = (line: string) => errorOf(`targets:\n  - ${line}\n`);
    expect(one("{ team: payments, metric: changeFailureRate.ratio, op: '<=', value: 0.1 }")).toMatch(
      /^\/etc\/paved\/paved\.config\.yaml: targets\[0\]\.metric: expected one of .*"changeFailureRate\.rate".*, found "changeFailureRate\.ratio"$/,
    );
    expect(one("{ metric: changeFailureRate.rate, op: '=<', value: 0.1 }")).toMatch(
      /targets\[0\]\.op: expected one of ">="\|">"\|"<="\|"<"\|"==", found "=<"$/,
    );
    expect(one("{ metric: changeFailureRate.level, op: '>=', value: 0.1 }")).toBe(
      `${FILE}: targets[0].value: expected a level (low, medium, high, elite) for a .level metric, a number for any other, found number 0.1`,
    );
    expect(one("{ team: payments, service: ledger, metric: reworkRate.rate, op: '<', value: 0.1 }")).toBe(
      `${FILE}: targets[0].service: expected team or service, not both, found "ledger"`,
    );
    expect(one("{ metric: reworkRate.rate, op: '<', value: 0.1, due: 2027-02-30 }")).toMatch(
      /targets\[0\]\.due: expected .*found "2027-02-30"$/,
    );
    expect(one("{ team: payments, metric: reworkRate.rate, op: '<', value: 0.1, owner: me }")).toBe(
      `${FILE}: targets[0].owner: unknown key (see paved.config.example.yaml for the keys Paved reads)`,
    );
    expect(
      errorOf(
        "targets:\n  - { metric: reworkRate.rate, op: '<', value: 0.1 }\n  - { metric: reworkRate.rate, op: '<', value: 0.05, due: 2027-01-01 }\n",
      ),
    ).toBe(
      `${FILE}: targets[1].id: expected an id no other target has, found "organisation:reworkRate.rate" as targets[0] has (give one of them its own id)`,
    );
  });
});
