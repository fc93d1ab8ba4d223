import { z } from 'zod';
import { LEVEL_VALUE_PROBLEM, levelValueMatches, thresholdFields } from './metric-threshold';
import { isoDay } from './window';

/** A slug (teams, services) or id (scorecards, checks): lowercase letters and digits, then also ".", "_", "-". */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
/** Where no production environment is configured (the demo organisation, GitHub not set up). */
export const DEFAULT_PRODUCTION_ENVIRONMENTS = ['production', 'prod'];
/** The small-sample rule's default: five events, as few as a level or a trend can rest on. */
export const DEFAULT_MINIMUM_SAMPLE = 5;

const slug = z.string().regex(SLUG_PATTERN, 'a lowercase slug (letters, digits, ".", "_", "-")');
const repoFullName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'a repository as "owner/name"');
const nonEmpty = z.string().min(1, 'a non-empty string');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

/**
 * A GitHub App instead of a personal token: its id, its private key (the PEM itself, usually
 * from the environment, or the path of the .pem file) and, optionally, which installations to
 * use (otherwise the installations on the configured organisations and repository owners).
 */
export const githubAppConfigSchema = z.strictObject({
  appId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'a numeric App id')]).transform(Number),
  privateKey: nonEmpty,
  installationIds: z.array(z.number().int().positive()).optional(),
});

export const githubConfigSchema = z
  .strictObject({
    apiUrl: httpUrl.default('https://api.github.com'),
    /** A personal access token; or `app` below. */
    token: nonEmpty.optional(),
    app: githubAppConfigSchema.optional(),
    organizations: z.array(nonEmpty).default([]),
    repositories: z.array(repoFullName).default([]),
    productionEnvironments: z.array(nonEmpty).min(1).default(DEFAULT_PRODUCTION_ENVIRONMENTS),
    deployWorkflows: z.record(repoFullName, z.array(nonEmpty)).default({}),
    backfillDays: z.number().int().min(1).max(3650).default(180),
    /** Below this many remaining GraphQL points the collector waits for the reset instead of failing. */
    minRemainingPoints: z.number().int().min(0).default(200),
    /**
     * Repositories collected at once across every worker, each with one request in flight: GitHub
     * asks for few concurrent requests per token (secondary rate limits).
     */
    concurrency: z.number().int().min(1).max(16).default(4),
    /**
     * The organisation's or GitHub App's webhook secret, only as an environment reference; without
     * it (or with an unset `\${VAR:-}`) POST /api/v1/webhooks/github does not exist (404).
     */
    webhookSecret: z
      .string()
      .optional()
      .transform((v) => v || undefined),
  })
  .refine((github) => Boolean(github.token) !== Boolean(github.app), {
    error: 'either token (a personal access token) or app (appId and privateKey), not both',
  });

export const pagerdutyConfigSchema = z.strictObject({
  apiUrl: httpUrl.default('https://api.pagerduty.com'),
  token: nonEmpty,
  serviceIds: z.array(nonEmpty).default([]),
  urgencies: z.array(z.enum(['high', 'low'])).default(['high', 'low']),
  priorities: z.array(nonEmpty).default([]),
  /** Incidents whose title contains one of these (case-insensitive) do not count; none by default. */
  excludeTitles: z.array(nonEmpty).max(100).default([]),
  /** Incidents of PagerDuty services whose name contains one of these (case-insensitive) do not count. */
  excludeServiceNames: z.array(nonEmpty).max(100).default([]),
  backfillDays: z.number().int().min(1).max(3650).default(180),
  /**
   * The v3 webhook subscriptions' secrets, only as environment references; a delivery signed with
   * any of them is genuine, so a secret rotates by listing the new one beside the old. Empty
   * entries (an unset `\${VAR:-}`) are dropped; with none, POST /api/v1/webhooks/pagerduty is a 404.
   */
  webhookSecrets: z
    .array(z.string())
    .default([])
    .transform((secrets) => secrets.filter((s) => s !== '')),
});

export const catalogTeamSchema = z.strictObject({
  slug,
  name: nonEmpty.optional(),
});

export const catalogServiceSchema = z.strictObject({
  slug,
  name: nonEmpty.optional(),
  team: slug.optional(),
  lifecycle: nonEmpty.optional(),
  tier: nonEmpty.optional(),
  type: nonEmpty.optional(),
  repositories: z.array(repoFullName).default([]),
  pagerdutyServiceIds: z.array(nonEmpty).default([]),
  /**
   * Which of this service's incidents count, and how long after a deployment one fails it: each
   * key given replaces the PagerDuty source's setting (or `metrics.incidentAttributionWindowHours`).
   */
  incidents: z
    .strictObject({
      urgencies: z.array(z.enum(['high', 'low'])).optional(),
      priorities: z.array(nonEmpty).optional(),
      excludeTitles: z.array(nonEmpty).max(100).optional(),
      attributionWindowHours: z
        .number()
        .positive()
        .max(24 * 90)
        .optional(),
    })
    .optional(),
});

/**
 * A goal on one figure of the organisation (neither `team` nor `service`), a team or a service,
 * judged over whichever window is viewed (docs/metrics.md, Targets).
 */
export const targetSchema = z
  .strictObject({
    /** Default: `<scope>:<metric>`, e.g. `team:payments:changeFailureRate.rate`. */
    id: slug.optional(),
    team: slug.optional(),
    service: slug.optional(),
    ...thresholdFields,
    /** The day the goal should be met by (informational: a target past it and off track is `pastDue`). */
    due: isoDay.optional(),
  })
  .refine(levelValueMatches, LEVEL_VALUE_PROBLEM)
  .refine((t) => !(t.team && t.service), { message: 'team or service, not both', path: ['service'] })
  .transform((t) => ({
    ...t,
    id: t.id ?? `${t.team ? `team:${t.team}` : t.service ? `service:${t.service}` : 'organisation'}:${t.metric}`,
  }));
export type TargetConfig = z.infer<typeof targetSchema>;

export const ROLES = ['viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who holds a role: any listed group, any listed email, or any email in a listed domain. */
const roleRuleSchema = z
  .strictObject({
    groups: z.array(nonEmpty).default([]),
    emails: z.array(z.email({ error: 'an email address' }).transform((v) => v.toLowerCase())).default([]),
    domains: z
      .array(
        z
          .string()
          .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a domain such as "example.com"')
          .transform((v) => v.toLowerCase()),
      )
      .default([]),
  })
  .default({ groups: [], emails: [], domains: [] });

const cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+\/\d{1,3}$|^[0-9a-fA-F:.]+$/, 'an address or CIDR range such as "10.0.0.0/8" or "::1"');

export const authConfigSchema = z.strictObject({
  /**
   * `none` serves every interface with no sign-in (a banner says so on every page); otherwise
   * the mode follows from which of `oidc` / `proxy` is configured.
   */
  mode: z.enum(['oidc', 'proxy', 'none']).optional(),
  /** SVG badges go into READMEs, so they are public unless this is false. */
  publicBadges: z.boolean().default(true),
  /** The address users reach Paved at (https://paved.example.com): the OIDC redirect and the CSRF origin. */
  baseUrl: httpUrl.optional(),
  sessionHours: z
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  oidc: z
    .strictObject({
      issuer: httpUrl,
      clientId: nonEmpty,
      /** Only as an environment reference (`\${PAVED_OIDC_CLIENT_SECRET}`); public clients with PKCE omit it. */
      clientSecret: nonEmpty.optional(),
      scopes: z.array(nonEmpty).default(['openid', 'email', 'profile']),
      emailClaim: nonEmpty.default('email'),
      groupsClaim: nonEmpty.default('groups'),
    })
    .optional(),
  proxy: z
    .strictObject({
      /** The header the proxy sets to the signed-in user's email, e.g. X-Forwarded-Email. */
      header: nonEmpty.transform((v) => v.toLowerCase()),
      /** Optional comma-separated groups header, e.g. X-Forwarded-Groups. */
      groupsHeader: nonEmpty.transform((v) => v.toLowerCase()).optional(),
      trustedProxies: z.array(cidr).min(1, 'at least one address or CIDR range'),
    })
    .optional(),
  roles: z.strictObject({ viewer: roleRuleSchema, admin: roleRuleSchema }).default({
    viewer: { groups: [], emails: [], domains: [] },
    admin: { groups: [], emails: [], domains: [] },
  }),
});

/** An environment variable's name: secrets such as webhook URLs are read from it when a message is sent. */
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the name of an environment variable, such as PAVED_SLACK_WEBHOOK');

/** What a channel receives: the weekly digest, regression alerts, or both (the default). */
const channelTopics = {
  digest: z.boolean().default(true),
  alerts: z.boolean().default(true),
};

/**
 * Where a team's (or the organisation's) messages go. Webhook URLs carry their own credential, so
 * the file names the environment variable that holds one, never the URL.
 */
export const channelSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('slack'), webhookUrlEnv: envName, ...channelTopics }),
    z.strictObject({ type: z.literal('teams'), webhookUrlEnv: envName, ...channelTopics }),
    z.strictObject({
      type: z.literal('email'),
      to: z.array(z.email({ error: 'an email address' })).min(1, 'at least one address'),
      ...channelTopics,
    }),
  ],
  { error: 'a channel of type slack, teams or email' },
);

export const notificationsConfigSchema = z.strictObject({
  /** When the weekly digest goes out (node-cron, in `schedule.timezone`): Mondays at 08:00 by default. */
  digestSchedule: nonEmpty.default('0 8 * * 1'),
  /** The digest compares the last this many whole UTC days with the same number before them. */
  periodDays: z.number().int().min(1).max(90).default(7),
  /** Regression alerts after each derivation; false sends digests only. */
  alerts: z.boolean().default(true),
  /** Email goes out through this SMTP server; the password only from the environment. */
  smtp: z
    .strictObject({
      host: nonEmpty,
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      user: nonEmpty.optional(),
      passwordEnv: envName.optional(),
      from: nonEmpty,
    })
    .optional(),
  /** The organisation's channels: its digest and organisation-wide alerts. */
  organisation: z.array(channelSchema).default([]),
  /** Each team's channels, by team slug: its digest and the alerts about it and its services. */
  teams: z.record(slug, z.array(channelSchema)).default({}),
});

export const configSchema = z.strictObject({
  github: githubConfigSchema.optional(),
  pagerduty: pagerdutyConfigSchema.optional(),
  catalog: z
    .strictObject({
      teams: z.array(catalogTeamSchema).default([]),
      services: z.array(catalogServiceSchema).default([]),
    })
    .default({ teams: [], services: [] }),
  metrics: z
    .strictObject({
      incidentAttributionWindowHours: z
        .number()
        .positive()
        .max(24 * 90)
        .default(168),
      hotfixLabels: z.array(nonEmpty).default(['hotfix', 'bug', 'incident']),
      /**
       * The small-sample rule (docs/metrics.md): a figure resting on fewer events than this gets no
       * DORA level ("not enough data"), and a comparison with fewer on either side is `too_few`.
       */
      minimumSample: z.number().int().min(1).max(1000).default(DEFAULT_MINIMUM_SAMPLE),
    })
    .default({
      incidentAttributionWindowHours: 168,
      hotfixLabels: ['hotfix', 'bug', 'incident'],
      minimumSample: DEFAULT_MINIMUM_SAMPLE,
    }),
  schedule: z
    .strictObject({
      sync: nonEmpty.default('*/30 * * * *'),
      timezone: nonEmpty.default('UTC'),
      enabled: z.boolean().default(true),
      /** A run still collecting this long after it started is failed (its unfinished parts are cancelled). */
      runDeadlineMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(180),
    })
    .default({ sync: '*/30 * * * *', timezone: 'UTC', enabled: true, runDeadlineMinutes: 180 }),
  /** How deliveries turn into targeted re-reads (docs/webhooks.md). */
  webhooks: z
    .strictObject({
      /** Deliveries for one repository or incident within this many seconds share one re-read. */
      debounceSeconds: z.number().int().min(0).max(600).default(5),
      /** A source with a webhook secret but no delivery for this long is flagged on the data-quality page. */
      quietHours: z
        .number()
        .positive()
        .max(24 * 30)
        .default(24),
    })
    .default({ debounceSeconds: 5, quietHours: 24 }),
  scorecards: nonEmpty.default('scorecards.yaml'),
  /** Goals on delivery figures per organisation, team or service (docs/metrics.md, Targets). */
  targets: z.array(targetSchema).max(1000).default([]),
  server: z
    .strictObject({
      /** Deprecated: an admin API token (`npm run token -- create --role admin`) replaces it. */
      adminToken: z
        .string()
        .optional()
        .transform((v) => v || undefined),
      /** Where people reach Paved (https://paved.example.com): the links in digests and alerts. */
      publicUrl: httpUrl.optional(),
    })
    .default({ adminToken: undefined }),
  /** Weekly digests and regression alerts (docs/notifications.md). */
  notifications: notificationsConfigSchema.optional(),
  /** Sign-in and roles. Absent: no sign-in, and Paved serves only this machine (127.0.0.1). */
  auth: authConfigSchema.optional(),
});

export type PavedConfig = z.infer<typeof configSchema>;
export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type GithubAppConfig = z.infer<typeof githubAppConfigSchema>;
export type PagerdutyConfig = z.infer<typeof pagerdutyConfigSchema>;
export type AuthConfig = z.infer<typeof authConfigSchema>;
export type CatalogServiceConfig = z.infer<typeof catalogServiceSchema>;
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;

/** The environments whose deployments count as production deployments. */
export const productionEnvironments = (config: PavedConfig): string[] =>
  config.github?.productionEnvironments ?? DEFAULT_PRODUCTION_ENVIRONMENTS;
