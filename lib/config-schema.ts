import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a lowercase slug (letters, digits, ".", "_", "-")');
const repoFullName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'a repository as "owner/name"');
const nonEmpty = z.string().min(1, 'a non-empty string');
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

export const githubConfigSchema = z.strictObject({
  apiUrl: httpUrl.default('https://api.github.com'),
  token: nonEmpty,
  organizations: z.array(nonEmpty).default([]),
  repositories: z.array(repoFullName).default([]),
  productionEnvironments: z.array(nonEmpty).min(1).default(['production', 'prod']),
  deployWorkflows: z.record(repoFullName, z.array(nonEmpty)).default({}),
  backfillDays: z.number().int().min(1).max(3650).default(180),
  /** Below this many remaining GraphQL points the collector waits for the reset instead of failing. */
  minRemainingPoints: z.number().int().min(0).default(200),
  /**
   * Repositories collected at once across every worker, each with one request in flight: GitHub
   * asks for few concurrent requests per token (secondary rate limits).
   */
  concurrency: z.number().int().min(1).max(16).default(4),
});

export const pagerdutyConfigSchema = z.strictObject({
  apiUrl: httpUrl.default('https://api.pagerduty.com'),
  token: nonEmpty,
  serviceIds: z.array(nonEmpty).default([]),
  urgencies: z.array(z.enum(['high', 'low'])).default(['high', 'low']),
  priorities: z.array(nonEmpty).default([]),
  backfillDays: z.number().int().min(1).max(3650).default(180),
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
    })
    .default({ incidentAttributionWindowHours: 168, hotfixLabels: ['hotfix', 'bug', 'incident'] }),
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
  scorecards: nonEmpty.default('scorecards.yaml'),
  server: z
    .strictObject({
      /** Bearer token required by mutating endpoints (sync now, reload). */
      adminToken: z
        .string()
        .optional()
        .transform((v) => v || undefined),
    })
    .default({ adminToken: undefined }),
});

export type PavedConfig = z.infer<typeof configSchema>;
export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type PagerdutyConfig = z.infer<typeof pagerdutyConfigSchema>;
export type CatalogServiceConfig = z.infer<typeof catalogServiceSchema>;
