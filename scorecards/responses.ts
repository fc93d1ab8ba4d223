import { z } from 'zod';
import { METRIC_PATHS } from '../lib/metric-threshold';
import { checkSchema, filterSchema } from './definition-schema';
import { COMPARED_OUTCOMES } from './impact/outcome-checks';
import { STATES } from './states';

/**
 * The bodies the scorecard API answers with; /api/v1/openapi.json is generated from them
 * (scorecards/openapi.ts) and tests/api/contract.test.ts holds the routes to that document.
 */

const int = z.number().int();
const share = z.number().nullable();
const instant = z.string().meta({ format: 'date-time' });
const day = z.string().meta({ format: 'date' });
const category = checkSchema.shape.category.unwrap().nullable();
const states = z.record(z.enum(STATES), int).meta({ description: 'Services per state' });
const levelDistribution = z
  .record(z.string(), int)
  .meta({ description: 'Services per level reached; "none" below the first' });

const rollup = z.object({ services: int, levelDistribution, averageScore: share, passRate: share });
const adoption = z.object({
  passing: int,
  applicable: int,
  rate: share,
  upcoming: int.meta({ description: 'Services a check not enforced yet will apply to; counted neither way' }),
});
const exemption = z.object({ reason: z.string(), expires: day, expired: z.boolean() });
const scorecardRef = z.object({ id: z.string(), name: z.string(), levels: z.array(z.string()) });

export const scorecardSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  levels: z.array(z.string()),
  checks: int,
  evaluatedAt: instant.nullable(),
  organisation: rollup,
});
export const scorecardList = z.object({ scorecards: z.array(scorecardSummary) });

export const scorecardDetail = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  levels: z.array(z.string()),
  evaluatedAt: instant.nullable(),
  checks: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      level: z.string(),
      category,
      weight: z.number(),
      remediation: z.string().meta({ description: 'Markdown' }),
      filter: filterSchema.nullable(),
      enforcedFrom: day.nullable(),
      definitionHash: z.string(),
      states,
      adoption,
      byTeam: z.array(adoption.extend({ team: z.string() })),
    }),
  ),
  organisation: rollup,
  teams: z.array(rollup.extend({ team: z.string() })),
  exemptions: z
    .array(exemption.extend({ service: z.string(), checkId: z.string() }))
    .meta({ description: 'Every exemption on a result, active or expired (expired ones no longer apply)' }),
  services: z.array(
    z.object({
      slug: z.string(),
      name: z.string(),
      team: z.string().nullable(),
      level: z.string().nullable(),
      score: share,
      nextLevel: z.string().nullable(),
      blocking: z.array(z.string()),
    }),
  ),
});

export const serviceScorecard = z.object({
  scorecard: scorecardRef,
  service: z.object({
    slug: z.string(),
    name: z.string(),
    team: z.string().nullable(),
    lifecycle: z.string().nullable(),
    tier: z.string().nullable(),
    type: z.string().nullable(),
  }),
  evaluatedAt: instant.nullable(),
  level: z.string().nullable(),
  score: share,
  nextLevel: z.string().nullable(),
  blocking: z.array(z.string()).meta({ description: 'The checks that keep the service from the next level' }),
  results: z.array(
    z.object({
      checkId: z.string(),
      name: z.string(),
      level: z.string(),
      category,
      weight: z.number(),
      state: z.enum(STATES).nullable().meta({ description: 'null until the check is evaluated' }),
      reason: z.string(),
      remediation: z.string().meta({ description: 'Markdown' }),
      exemption: exemption.nullable(),
      enforcedFrom: day.nullable(),
    }),
  ),
});

export const scorecardHistory = z.object({
  scorecard: scorecardRef,
  from: day,
  to: day,
  checks: z
    .array(
      z.object({
        checkId: z.string(),
        definitionHash: z.string(),
        current: z.boolean(),
        newSeriesAfterRuleChange: z.boolean(),
        points: z.array(z.object({ day, passing: int, applicable: int, adoption: share, states })),
      }),
    )
    .meta({ description: 'One series per check version; a changed rule starts a new one' }),
  organisation: z.array(z.object({ day, levelDistribution, averageScore: share, passRate: share })),
  teams: z.array(
    z.object({ team: z.string(), points: z.array(z.object({ day, passRate: share, averageScore: share })) }),
  ),
});

const seconds = z.number().nullable();
const outcomeFigures = z.object({
  services: int,
  leadTime: z.object({ medianSeconds: seconds, changes: int }),
  changeFailureRate: z.object({ rate: share, deployments: int }),
  deploymentFrequency: z.object({ perWeekPerService: z.number().nullable(), deployments: int }),
  recoveryTime: z.object({ medianSeconds: seconds, recovered: int }),
});
const gap = z.number().nullable();
const outcomeGaps = z
  .object({
    leadTime: gap,
    changeFailureRate: gap,
    deploymentFrequency: gap,
    recoveryTime: gap,
    overall: gap.meta({ description: 'Mean of the gaps that have enough data; null when none has' }),
  })
  .meta({ description: 'Relative gap per outcome in [-1, 1], positive when passing services do better' });
const stratified = z
  .object({
    imbalance: share.meta({
      description:
        'Total variation distance between the passing and the failing services over the strata: 0 same mix, 1 no stratum in common; null when a group is empty',
    }),
    strata: int.meta({ description: 'Strata holding both a passing and a failing service' }),
    passing: int.meta({ description: 'Passing services in those strata' }),
    failing: int.meta({ description: 'Failing services in those strata' }),
    gaps: outcomeGaps.meta({
      description:
        'Gaps within each stratum, pooled with weights pₛ·fₛ ÷ (pₛ + fₛ) (docs/scorecards.md, "Confounding")',
    }),
  })
  .meta({ description: 'The comparison within strata, then pooled' });
const checkKindFields = {
  reads: z
    .array(z.enum(METRIC_PATHS))
    .meta({ description: 'The delivery metrics the rule reads (metric rules, through all/any/not)' }),
  notCompared: z
    .array(z.enum(COMPARED_OUTCOMES))
    .meta({ description: 'Outcomes the rule reads, so not compared: their gaps are null' }),
};
const beforeAfterMedians = z.object({
  services: int.meta({ description: 'Services with a figure on both sides' }),
  events: z
    .object({ before: int, after: int })
    .meta({ description: 'Events behind the figures, summed over those services: changes, deployments or recoveries' }),
  medianBefore: z.number().nullable().meta({ description: 'Null below the minimum sample (see reason)' }),
  medianAfter: z.number().nullable(),
  reason: z.string().nullable().meta({
    description:
      "'too few services/deployments to compare: …' when the sides are below minSample (the ranking's rule: docs/scorecards.md); null otherwise",
  }),
});

export const scorecardImpact = z
  .object({
    scorecard: scorecardRef,
    at: instant,
    window: z.object({ from: instant, to: instant }).meta({ description: 'The compared window [from, to)' }),
    windowDays: int,
    scope: z.object({
      team: z.string().nullable(),
      tier: z.string().nullable(),
      level: z.string().nullable().meta({ description: 'Only checks at this level' }),
    }),
    weeks: int,
    minSample: int,
    caution: z.string(),
    checks: z.array(
      z.object({
        checkId: z.string(),
        name: z.string(),
        level: z.string(),
        category,
        kind: z.enum(['practice', 'outcome']).meta({
          description: 'outcome: the rule reads delivery metrics; left out of the ranking (see outcomeChecks.why)',
        }),
        ...checkKindFields,
        adoption: adoption.extend({ failing: int, noData: int }),
        trend: z.object({
          points: z.array(z.object({ day, adoption: share })),
          change: z.number().nullable(),
        }),
        laggingTeams: z.array(adoption.extend({ team: z.string(), failingServices: z.array(z.string()) })),
        outcomes: z.object({
          window: z.object({ from: instant, to: instant }),
          passing: outcomeFigures,
          failing: outcomeFigures,
          gaps: outcomeGaps,
          stratified: z.object({ team: stratified, tier: stratified }),
          warning: z.string().nullable().meta({
            description: 'Set when the passing and failing services differ mostly by team or tier (imbalance ≥ 0.5)',
          }),
        }),
        beforeAfter: z
          .object({
            services: z.array(
              z.object({ serviceId: int, startedPassing: day, before: outcomeFigures, after: outcomeFigures }),
            ),
            summary: z.object({
              leadTimeSeconds: beforeAfterMedians,
              changeFailureRate: beforeAfterMedians,
              deploymentsPerWeek: beforeAfterMedians,
              recoveryTimeSeconds: beforeAfterMedians,
            }),
          })
          .meta({ description: 'Services that started passing: their figures in the weeks before versus after' }),
      }),
    ),
    roadmap: z
      .array(
        z.object({
          rank: int,
          checkId: z.string(),
          name: z.string(),
          failing: int,
          gaps: outcomeGaps,
          priority: z.number().nullable().meta({ description: 'failing × max(0, gaps.overall); null without data' }),
          note: z.string(),
        }),
      )
      .meta({ description: 'Practice checks only, ranked' }),
    outcomeChecks: z
      .object({
        why: z.string(),
        checks: z.array(
          z.object({ checkId: z.string(), name: z.string(), failing: int, gaps: outcomeGaps, ...checkKindFields }),
        ),
      })
      .meta({ description: 'Checks whose rule reads delivery metrics: shown apart, not ranked' }),
  })
  .meta({
    description:
      'Adoption versus outcomes per check, and the ranked roadmap (formula in docs/scorecards.md). Correlation, not causation: see `caution`.',
  });
