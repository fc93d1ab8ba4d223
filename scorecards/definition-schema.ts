import { z } from 'zod';
import { isoDay } from '../lib/window';
import { SLUG_PATTERN } from '../lib/config-schema';
import { OPERATORS, LEVEL_VALUE_PROBLEM, levelValueMatches, thresholdFields } from '../lib/metric-threshold';
import { boundedRegexProblem } from './rules/bounded-regex';
import { parsePath } from './rules/condition';

/**
 * The scorecards file (`scorecards.yaml`): scorecards with ordered levels and checks, each
 * check a declarative rule, plus exemptions. Rules are a closed set: an unknown `type` is
 * an error naming the known ones, never a check that silently fails.
 */

const nonEmpty = z.string().min(1, 'a non-empty string');
const id = z.string().regex(SLUG_PATTERN, 'a lowercase id (letters, digits, ".", "_", "-")');
// One reading of a day for the whole product: 2026-02-30 is refused, not rolled over to March.
const isoDate = isoDay;
// Patterns run on repository content with RE2 (rules/bounded-regex.ts), which has no backtracking.
const RE2_ONLY = 'RE2 syntax: no backreferences or lookaround';
const regex = nonEmpty.refine((s) => boundedRegexProblem(s) === null, `a valid regular expression (${RE2_ONLY})`);
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const atLeastOne = (keys: string[]) => (value: Record<string, unknown>) => keys.some((k) => value[k] !== undefined);

export const conditionSchema = z
  .strictObject({
    exists: z.boolean().optional(),
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    oneOf: z.array(scalar).min(1).optional(),
    matches: regex.optional(),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
  })
  .refine(
    atLeastOne(['exists', 'equals', 'notEquals', 'oneOf', 'matches', 'gte', 'gt', 'lte', 'lt']),
    'at least one of exists, equals, notEquals, oneOf, matches, gte, gt, lte, lt',
  );
export type Condition = z.infer<typeof conditionSchema>;

const fileExists = z.strictObject({
  type: z.literal('file_exists'),
  paths: z.array(nonEmpty).min(1, 'at least one path'),
});
const fileMatches = z.strictObject({
  type: z.literal('file_matches'),
  path: nonEmpty,
  // RE2's flags do not change what it accepts, so the pattern is checked alone.
  pattern: regex,
  flags: z
    .string()
    .regex(/^[imsu]*$/, 'regex flags from i, m, s, u')
    .default('m'),
  negate: z.boolean().default(false),
});
const valuePath = nonEmpty.refine((p) => {
  try {
    parsePath(p);
    return true;
  } catch {
    return false;
  }
}, 'a path such as spec.owner, steps[0].uses or metadata.annotations["pagerduty.com/service-id"]');
const structuredFields = { file: nonEmpty, path: valuePath, expect: conditionSchema };
const yamlPath = z.strictObject({ type: z.literal('yaml_path'), ...structuredFields });
const jsonPath = z.strictObject({ type: z.literal('json_path'), ...structuredFields });
const workflowUses = z.strictObject({
  type: z.literal('workflow_uses'),
  uses: nonEmpty.regex(/^[^@\s]+$/, 'an action or reusable workflow without "@ref" (put the constraint in version)'),
  version: z
    .string()
    .regex(/^(>=|<=|>|<|==|\^|~)?\s*v?\d+(\.\d+){0,2}$/, 'a version constraint such as ">=v3", "^v2" or "v4.1"')
    .optional(),
});
const branchProtection = z
  .strictObject({
    type: z.literal('branch_protection'),
    minApprovals: z.number().int().min(0).optional(),
    requireStatusChecks: z.boolean().optional(),
    requiredContexts: z.array(nonEmpty).optional(),
    blockForcePushes: z.boolean().optional(),
    requireCodeOwnerReviews: z.boolean().optional(),
  })
  .refine(
    atLeastOne([
      'minApprovals',
      'requireStatusChecks',
      'requiredContexts',
      'blockForcePushes',
      'requireCodeOwnerReviews',
    ]),
    'at least one of minApprovals, requireStatusChecks, requiredContexts, blockForcePushes, requireCodeOwnerReviews',
  );
const repoSetting = z
  .strictObject({
    type: z.literal('repo_setting'),
    deleteBranchOnMerge: z.boolean().optional(),
    vulnerabilityAlerts: z.boolean().optional(),
    notArchived: z.literal(true).optional(),
    /** `true`: any licence; a list: one of these SPDX ids. */
    license: z.union([z.literal(true), z.array(nonEmpty).min(1)]).optional(),
    visibility: z
      .array(z.enum(['public', 'private', 'internal']))
      .min(1)
      .optional(),
  })
  .refine(
    atLeastOne(['deleteBranchOnMerge', 'vulnerabilityAlerts', 'notArchived', 'license', 'visibility']),
    'at least one of deleteBranchOnMerge, vulnerabilityAlerts, notArchived, license, visibility',
  );
const hasOwner = z.strictObject({ type: z.literal('has_owner') });
const hasOncall = z.strictObject({ type: z.literal('has_oncall') });
const windowDays = z.number().int().min(1).max(365).default(30);
const metric = z
  .strictObject({
    type: z.literal('metric'),
    metric: thresholdFields.metric,
    windowDays,
    op: thresholdFields.op,
    value: thresholdFields.value,
  })
  .refine(levelValueMatches, LEVEL_VALUE_PROBLEM);
const pipeline = z.strictObject({
  type: z.literal('pipeline'),
  /** `finishedRuns`: how many runs finished in the window (0 is a verdict, so `minRuns` does not apply). */
  measure: z.enum(['successRate', 'medianDurationMinutes', 'finishedRuns']),
  op: z.enum(OPERATORS),
  value: z.number(),
  windowDays,
  /** Only runs of this workflow (matched against the workflow name or file path). */
  workflow: nonEmpty.optional(),
  /** Only runs on this branch; default: every branch. */
  branch: nonEmpty.optional(),
  /** Fewer finished runs than this in the window is no_data, not a verdict. */
  minRuns: z.number().int().min(1).default(5),
});

export type Rule =
  | z.infer<typeof fileExists>
  | z.infer<typeof fileMatches>
  | z.infer<typeof yamlPath>
  | z.infer<typeof jsonPath>
  | z.infer<typeof workflowUses>
  | z.infer<typeof branchProtection>
  | z.infer<typeof repoSetting>
  | z.infer<typeof hasOwner>
  | z.infer<typeof hasOncall>
  | z.infer<typeof metric>
  | z.infer<typeof pipeline>
  | { type: 'all' | 'any'; rules: Rule[] }
  | { type: 'not'; rule: Rule };
export type RuleOf<T extends Rule['type']> = Extract<Rule, { type: T }>;

export const ruleSchema: z.ZodType<Rule, unknown> = z.lazy(() =>
  z.discriminatedUnion('type', [
    fileExists,
    fileMatches,
    yamlPath,
    jsonPath,
    workflowUses,
    branchProtection,
    repoSetting,
    hasOwner,
    hasOncall,
    metric,
    pipeline,
    z.strictObject({ type: z.literal('all'), rules: z.array(ruleSchema).min(1, 'at least one rule') }),
    z.strictObject({ type: z.literal('any'), rules: z.array(ruleSchema).min(1, 'at least one rule') }),
    z.strictObject({ type: z.literal('not'), rule: ruleSchema }),
  ]),
) as z.ZodType<Rule, unknown>;

const filterList = z.array(nonEmpty).min(1);
export const filterSchema = z.strictObject({
  lifecycle: filterList.optional(),
  tier: filterList.optional(),
  team: filterList.optional(),
  type: filterList.optional(),
});
export type ServiceFilter = z.infer<typeof filterSchema>;

export const checkSchema = z.strictObject({
  id,
  name: nonEmpty,
  level: nonEmpty,
  weight: z.number().positive().default(1),
  category: z.enum(['ownership', 'ci_cd', 'security', 'observability', 'operations', 'documentation']).optional(),
  description: z.string().optional(),
  rule: ruleSchema,
  remediation: nonEmpty,
  filter: filterSchema.optional(),
  enforcedFrom: isoDate.optional(),
});

export const scorecardSchema = z
  .strictObject({
    id,
    name: nonEmpty,
    description: z.string().optional(),
    levels: z
      .array(id)
      .min(1, 'at least one level')
      .refine((l) => new Set(l).size === l.length, 'level names must be unique'),
    checks: z.array(checkSchema).min(1, 'at least one check'),
  })
  .superRefine((card, ctx) => {
    const seen = new Set<string>();
    card.checks.forEach((check, i) => {
      if (seen.has(check.id))
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'id'],
          message: `duplicate check id "${check.id}" in scorecard "${card.id}"`,
        });
      seen.add(check.id);
      if (!card.levels.includes(check.level))
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'level'],
          message: `expected one of the scorecard's levels (${card.levels.join(', ')}), found "${check.level}"`,
        });
    });
  });

export const exemptionSchema = z.strictObject({
  scorecard: id.optional(),
  service: nonEmpty,
  check: id,
  reason: nonEmpty,
  expires: isoDate,
  /** When it was granted; the maximum duration counts from here (from load time when absent). */
  granted: isoDate.optional(),
});

export const settingsSchema = z.strictObject({
  maxExemptionDays: z.number().int().min(1).default(180),
  /** Facts collected longer ago than this are stale: the rules that need them say no_data. */
  factsMaxAgeDays: z.number().int().min(1).default(7),
});

/** Lists in an initiative are capped: the file is read on every request, so its work stays bounded. */
const MAX_INITIATIVES = 100;
const MAX_LIST = 200;
export const initiativeSchema = z.strictObject({
  id,
  title: nonEmpty.max(200),
  description: z.string().max(4000).optional(),
  /** The scorecard whose checks these are; needed only when two scorecards share a check id. */
  scorecard: id.optional(),
  checks: z
    .array(id)
    .min(1, 'at least one check')
    .max(MAX_LIST)
    .refine((c) => new Set(c).size === c.length, 'check ids must be unique'),
  /** The last day to finish: pairs still open after it are late. */
  deadline: isoDate,
  /** When the campaign began: its history starts here (default: the last 12 weeks). */
  start: isoDate.optional(),
  /** Who runs it: a team slug (the pages link to that team) or free text ("Platform team", an address). */
  owner: nonEmpty.max(200),
  scope: z
    .strictObject({ teams: filterList.max(MAX_LIST).optional(), tiers: filterList.max(MAX_LIST).optional() })
    .optional(),
});

export const scorecardsFileSchema = z.strictObject({
  version: z.literal(1).default(1),
  settings: settingsSchema.default({ maxExemptionDays: 180, factsMaxAgeDays: 7 }),
  scorecards: z.array(scorecardSchema).min(1, 'at least one scorecard'),
  /** A file beside this one with `exemptions:` only, so exemptions can have their own reviewers. */
  exemptionsFile: nonEmpty.optional(),
  exemptions: z.array(exemptionSchema).default([]),
  /** Campaigns that roll checks out by a deadline (docs/scorecards.md, Initiatives). */
  initiatives: z.array(initiativeSchema).max(MAX_INITIATIVES, `at most ${MAX_INITIATIVES} initiatives`).default([]),
});

export const exemptionsFileSchema = z.strictObject({ exemptions: z.array(exemptionSchema).default([]) });

export type ScorecardDefinition = z.infer<typeof scorecardSchema>;
export type CheckDefinition = z.infer<typeof checkSchema>;
export type Exemption = z.infer<typeof exemptionSchema>;
export type ScorecardSettings = z.infer<typeof settingsSchema>;
export type InitiativeDefinition = z.infer<typeof initiativeSchema>;
