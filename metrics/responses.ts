import { z } from 'zod';
import { COMPARED, COMPARISON_STATUSES, type ComparedMetric } from './comparison';
import { BENCHMARK, LEVEL_STATUSES, LEVELS } from './definitions';
import { COMPARISONS } from '../lib/comparison-window';
import { METRIC_PATHS, OPERATORS, THRESHOLD_LEVELS } from '../lib/metric-threshold';
import { TARGET_STATUSES } from './targets';

/**
 * The bodies the metrics API answers with. /api/v1/openapi.json is generated from these, and
 * tests/api/contract.test.ts holds every route's real answers to that document.
 */

const level = z.enum(LEVELS).nullable();
const levelStatus = z.enum(LEVEL_STATUSES).meta({
  description:
    'ok: levelled; no_data: nothing to level; not_enough_data: fewer events than metrics.minimumSample, the value stands but has no level; deploy_signals_only: no incident source, rollbacks and reverts only',
});
const seconds = z.number().nullable();
const instant = z.string().meta({ format: 'date-time' });
const window = z.object({ from: instant, to: instant });

export const doraFigures = z.object({
  deploymentFrequency: z.object({
    deployments: z.number().int(),
    perWeek: z.number(),
    medianDeployDaysPerWeek: z.number(),
    level,
    levelStatus,
  }),
  leadTimeForChanges: z.object({
    changes: z.number().int(),
    medianSeconds: seconds,
    p75Seconds: seconds,
    p90Seconds: seconds,
    level,
    levelStatus,
    stages: z.object({
      codingSeconds: seconds,
      pickupSeconds: seconds,
      reviewSeconds: seconds,
      deploySeconds: seconds,
    }),
  }),
  changeFailureRate: z.object({
    deployments: z.number().int(),
    failedDeployments: z.number().int(),
    rate: z.number().nullable(),
    level,
    levelStatus,
  }),
  failedDeploymentRecoveryTime: z.object({
    failedDeployments: z.number().int(),
    recovered: z.number().int(),
    medianSeconds: seconds,
    level,
    levelStatus,
  }),
  timeToRestore: z.object({ incidents: z.number().int(), resolved: z.number().int(), medianSeconds: seconds }),
  reworkRate: z.object({
    deployments: z.number().int(),
    reworkDeployments: z.number().int(),
    rate: z.number().nullable(),
  }),
});

const reportHead = z.object({
  scope: z.object({ type: z.enum(['organisation', 'team', 'service']), slug: z.string().nullable() }),
  window,
  benchmark: z.literal(BENCHMARK),
});

const comparison = z.object({
  status: z.enum(COMPARISON_STATUSES).meta({
    description:
      'ok; partial_coverage: the previous window starts before the collected history, no change is given; too_few: fewer events than metrics.minimumSample on either side, the change judges nothing',
  }),
  change: z.number().nullable().meta({ description: 'Percent for magnitudes, percentage points for rates' }),
  unit: z.enum(['percent', 'points']),
  samples: z.object({ current: z.number().int(), previous: z.number().int() }),
});

const scopeRef = z.object({ type: z.enum(['organisation', 'team', 'service']), slug: z.string().nullable() });

export const targetStatus = z.object({
  id: z.string(),
  scope: scopeRef,
  metric: z.enum(METRIC_PATHS),
  op: z.enum(OPERATORS),
  value: z.union([z.number(), z.enum(THRESHOLD_LEVELS)]),
  due: z.string().meta({ format: 'date' }).nullable(),
  goal: z.string().meta({ description: 'The target in words, e.g. "change failure rate ≤ 10%"' }),
  status: z.enum(TARGET_STATUSES).meta({
    description:
      'on_track: the figure over the window meets the target; off_track: it does not; not_enough_data: no figure, fewer events than metrics.minimumSample, or a window that starts before the collected history',
  }),
  actual: z
    .union([z.number(), z.string()])
    .nullable()
    .meta({ description: 'The figure judged; null without enough data' }),
  sample: z.number().int().meta({ description: 'The events the figure rests on' }),
  reason: z.string(),
  overdue: z.boolean().meta({ description: 'The due day has passed and the target is not on track' }),
});

export const targetList = z.object({
  window,
  targets: z.array(targetStatus),
  problems: z.array(z.object({ target: z.string(), file: z.string(), key: z.string(), message: z.string() })).meta({
    description: 'Targets naming a team or service Paved does not know: left out, and named as config errors',
  }),
});

export const doraReport = reportHead.extend({
  ...doraFigures.shape,
  previous: doraFigures.extend({ window, compare: z.enum(COMPARISONS) }).meta({
    description: 'The window compared with (query `compare`; by default the preceding window of the same length)',
  }),
  incidentOverrides: z.number().int().meta({
    description:
      'Incidents of the scope created in the window whose attribution a person corrected (GET /api/v1/incidents shows each override)',
  }),
  incidentSources: z.object({ services: z.number().int(), withoutIncidentSource: z.number().int() }).meta({
    description:
      'Services of the scope, and how many have no incident source (no PagerDuty service): their failures are rollbacks and reverts only',
  }),
  coverage: z.object({
    historyFrom: instant.nullable().meta({
      description: 'Where the collected history of every repository and PagerDuty service of the scope starts',
    }),
    windowCovered: z.boolean(),
    previousWindowCovered: z.boolean(),
  }),
  comparison: z.object(
    Object.fromEntries(Object.keys(COMPARED).map((k) => [k, comparison])) as Record<ComparedMetric, typeof comparison>,
  ),
  targets: z.array(targetStatus).meta({ description: 'The targets set on this scope, judged over the window' }),
});

export const doraSeries = reportHead.extend({
  interval: z.enum(['week', 'month']),
  points: z.array(doraFigures.extend({ window })),
});

const slug = z.string();
export const serviceView = z.object({
  slug,
  name: z.string(),
  lifecycle: z.string().nullable(),
  tier: z.string().nullable(),
  type: z.string().nullable(),
  description: z.string().nullable(),
  source: z.string(),
  team: z.object({ slug, name: z.string() }).nullable(),
  repositories: z.array(z.string()),
  pagerdutyServices: z.array(z.string()),
});

const list = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
  });

export const serviceList = list(serviceView.extend({ team: slug.nullable() }));

/** A row of the services list: a service's figures over the window and its level on the first scorecard. */
export const serviceFiguresRow = z.object({
  slug,
  name: z.string(),
  team: z.object({ slug, name: z.string().nullable() }).nullable(),
  tier: z.string().nullable(),
  lifecycle: z.string().nullable(),
  deployments: z.number().int(),
  perWeek: z.number(),
  deploymentLevel: level,
  leadTimeSeconds: seconds.meta({ description: 'Median lead time for changes' }),
  leadTimeLevel: level,
  failureRate: z.number().nullable(),
  failed: z.number().int().meta({ description: 'Failed deployments' }),
  failureLevel: level,
  recoverySeconds: seconds.meta({ description: 'Median failed-deployment recovery time' }),
  recoveryLevel: level,
  scorecardLevel: z.string().nullable().meta({ description: 'The level reached on the first scorecard' }),
  scorecardScore: z.number().nullable().meta({ description: 'Its score on that scorecard, 0 to 1' }),
  levelStatus: z
    .object({
      perWeek: levelStatus,
      leadTimeSeconds: levelStatus,
      failureRate: levelStatus,
      recoverySeconds: levelStatus,
    })
    .meta({ description: 'Why a figure has no level' }),
});

export const serviceFigures = z.object({
  window,
  team: slug.nullable(),
  scorecard: z
    .object({ id: z.string(), name: z.string(), levels: z.array(z.string()) })
    .nullable()
    .meta({
      description: 'The scorecard the levels are on (the first configured); null when none is',
    }),
  services: z.array(serviceFiguresRow).meta({ description: 'Every service of the scope, by slug' }),
});
export const serviceDetail = serviceView.extend({ dora: doraReport });

export const teamSummary = z.object({ slug, name: z.string(), source: z.string(), services: z.number().int() });
export const teamList = list(teamSummary);
export const teamView = teamSummary
  .omit({ services: true })
  .extend({ services: z.array(serviceView), dora: doraReport });

export const deploymentRow = z.object({
  id: z.string(),
  repository: z.string(),
  services: z.array(slug),
  environment: z.string(),
  kind: z.string(),
  commit: z.string(),
  deployedAt: instant,
  baseline: z.boolean(),
  previousDeployment: z.string().nullable(),
  commits: z.number().int(),
  changes: z.number().int(),
  medianLeadTimeSeconds: seconds,
  failed: z.boolean(),
  failureReasons: z.array(z.string()),
  incidents: z.array(z.string()),
  rolledBackBy: z.string().nullable(),
  revertedBy: z.string().nullable(),
  recoveredAt: instant.nullable(),
  recoverySeconds: seconds,
  rework: z.boolean(),
  reworkReasons: z.array(z.string()),
  rollbackOf: z.string().nullable(),
  corrections: z
    .array(
      z.object({
        incident: z.string(),
        effect: z.enum(['attached', 'removed']),
        action: z.enum(['not_caused_by_change', 'attach']),
        reason: z.string(),
        by: z.string(),
        at: instant,
      }),
    )
    .meta({
      description:
        "Incident overrides that changed this deployment's incidents: attached here by hand, or removed from it (an incident the attribution rule would give it, marked not caused by a change or attached elsewhere)",
    }),
});
export const deploymentList = list(deploymentRow);

export const changeRow = z.object({
  key: z.string(),
  kind: z.enum(['pull_request', 'direct_push']),
  repository: z.string(),
  pullRequest: z.number().int().nullable(),
  commit: z.string(),
  title: z.string().nullable(),
  author: z.string().nullable(),
  deployment: z.string(),
  deployedAt: instant,
  startedAt: instant,
  leadTimeSeconds: z.number(),
  counted: z.boolean().meta({ description: 'False for non-positive lead times (clock skew), left out of the figures' }),
  stages: doraFigures.shape.leadTimeForChanges.shape.stages,
});
export const changeList = list(changeRow);

export const incidentOverride = z
  .object({
    action: z.enum(['not_caused_by_change', 'attach']),
    deploymentId: z.string().nullable().meta({ description: 'The deployment an `attach` override names' }),
    reason: z.string(),
    by: z.string(),
    at: instant,
  })
  .meta({ description: 'A person’s correction of the attribution rule, which the figures follow' });

export const incidentOverrideAnswer = z.object({ incident: z.string(), override: incidentOverride });

export const incidentRow = z.object({
  source: z.string(),
  id: z.string(),
  number: z.number().int().nullable(),
  title: z.string(),
  services: z.array(slug),
  pagerdutyService: z.string(),
  urgency: z.string().nullable(),
  priority: z.string().nullable(),
  status: z.string(),
  counted: z.boolean(),
  createdAt: instant,
  acknowledgedAt: instant.nullable(),
  resolvedAt: instant.nullable(),
  timeToRestoreSeconds: seconds,
  url: z.string().nullable(),
  attributedDeployment: z.object({ id: z.string(), deployedAt: instant, reason: z.string() }).nullable(),
  override: incidentOverride.nullable(),
});
export const incidentList = list(incidentRow);

export const dataQuality = z.object({
  baselineDeployments: z.array(
    z.object({ id: z.string(), repository: z.string(), environment: z.string(), deployedAt: instant }),
  ),
  nonPositiveLeadTimes: z.array(
    z.object({ repository: z.string(), change: z.string(), leadTimeSeconds: z.number(), deployment: z.string() }),
  ),
  pullRequestsNeverDeployed: z.object({
    total: z.number().int(),
    sample: z.array(
      z.object({ repository: z.string(), number: z.number().int(), title: z.string(), mergedAt: instant }),
    ),
  }),
  unclaimedPagerdutyServices: z.array(
    z.object({ pagerdutyService: z.string(), name: z.string().nullable(), incidents: z.number().int() }),
  ),
  repositoriesWithoutDeployments: z.array(z.string()),
  failedDeploymentAttempts: z.number().int(),
  pagerdutyServicesLinkedTwice: z.array(
    z.object({ pagerdutyService: z.string(), name: z.string().nullable(), services: z.array(slug) }),
  ),
  ignoredCatalogClaims: z
    .array(z.object({ repository: z.string(), claim: z.string(), reason: z.string() }))
    .meta({ description: 'Claims in catalog-info.yaml files that Paved did not apply, and why' }),
  lastSync: z.array(
    z.object({
      source: z.string(),
      lastSuccessAt: instant.nullable(),
      streamsWithErrors: z.number().int(),
      lastError: z.string().nullable(),
    }),
  ),
});

export const syncStarted = z.object({
  runId: z.number().int(),
  status: z.string(),
  joined: z.boolean().meta({ description: 'True when the request joined a run already queued or collecting' }),
  progress: z.string().meta({ description: 'The run’s progress endpoint' }),
});

export const runProgress = z.object({
  runId: z.number().int(),
  status: z.string(),
  trigger: z.string(),
  startedAt: instant,
  finishedAt: instant.nullable(),
  error: z.string().nullable(),
  parts: z.object({ total: z.number().int(), settled: z.number().int(), failed: z.number().int() }),
  repositories: z.object({ total: z.number().int(), done: z.number().int() }),
  graphqlPoints: z.number().int(),
  restCalls: z.number().int(),
  current: z.array(z.object({ source: z.string(), scope: z.string(), stream: z.string().nullable() })),
});

export const apiError = z.object({
  error: z.object({ message: z.string(), code: z.string(), status: z.number().int() }),
});
