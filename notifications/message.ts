import { z } from 'zod';
import { COMPARISON_STATUSES } from '../metrics/comparison';
import { LEVEL_STATUSES, LEVELS } from '../metrics/definitions';
import { TARGET_STATUSES } from '../metrics/targets';
import { LATENESS } from '../scorecards/initiatives/progress';
import { METRIC_PATHS, OPERATORS, THRESHOLD_LEVELS } from '../lib/metric-threshold';

/**
 * What a digest or an alert says, independent of the channel: built once when it is due, kept
 * with the notification (so a retry sends the same words), rendered per channel
 * (notifications/render/*) and served by GET /api/v1/digests. Figures are kept as numbers and
 * formatted by one function (`formatFigure`), so a message and the page that previews it agree.
 */
export const DIGEST_METRICS = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeploymentRecoveryTime',
  'reworkRate',
] as const;
export type DigestMetric = (typeof DIGEST_METRICS)[number];

const day = z.iso.date();
const level = z.enum(LEVELS).nullable();

const scope = z.object({
  team: z.string().nullable().meta({ description: "The team's slug; null for the organisation" }),
  name: z.string(),
});
export type Scope = z.infer<typeof scope>;

const metricLine = z.object({
  metric: z.enum(DIGEST_METRICS),
  name: z.string(),
  value: z.number().nullable().meta({ description: 'The value GET /api/v1/dora compares for this metric' }),
  previous: z.number().nullable(),
  level,
  levelStatus: z.enum(LEVEL_STATUSES),
  previousLevel: level,
  comparison: z.object({
    status: z.enum(COMPARISON_STATUSES),
    change: z.number().nullable(),
    unit: z.enum(['percent', 'points']),
  }),
  verdict: z
    .enum(['better', 'worse', 'same'])
    .nullable()
    .meta({ description: 'Under the metric’s direction; null when the comparison may not be judged (status not ok)' }),
});
export type MetricLine = z.infer<typeof metricLine>;

/** A target as GET /api/v1/targets judges it over the digest's days (metrics/targets.ts, TargetStatus). */
const digestTarget = z.object({
  id: z.string(),
  scope: z.object({ type: z.enum(['organisation', 'team', 'service']), slug: z.string().nullable() }),
  metric: z.enum(METRIC_PATHS),
  op: z.enum(OPERATORS),
  value: z.union([z.number(), z.enum(THRESHOLD_LEVELS)]),
  due: day.nullable(),
  goal: z.string(),
  status: z.enum(TARGET_STATUSES),
  actual: z.union([z.number(), z.string()]).nullable(),
  sample: z.number().int(),
  reason: z.string(),
  overdue: z.boolean(),
});
export type DigestTarget = z.infer<typeof digestTarget>;

/** An initiative as a digest reminds of it (notifications/digest-initiatives.ts). */
const digestInitiative = z.object({
  id: z.string(),
  title: z.string(),
  deadline: day,
  status: z
    .enum(LATENESS)
    .meta({ description: "The team's status in a team's digest; the initiative's in the organisation's" }),
  done: z.number().int(),
  total: z.number().int(),
  projectedDone: day.nullable(),
  teamsBehind: z
    .array(z.object({ team: z.string(), status: z.enum(['late', 'projected_late']), left: z.number().int() }))
    .meta({ description: "The organisation's digest: the teams late or behind; empty in a team's" }),
  left: z
    .array(z.object({ service: z.string(), checks: z.array(z.string()) }))
    .meta({ description: "A team's digest: each of its services' checks left; empty in the organisation's" }),
  link: z.string(),
});
export type DigestInitiative = z.infer<typeof digestInitiative>;

const levelChange = z.object({
  scorecard: z.string(),
  service: z.string(),
  serviceName: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  direction: z.enum(['up', 'down']),
});
export type LevelChange = z.infer<typeof levelChange>;

const newlyFailing = z.object({
  scorecard: z.string(),
  service: z.string(),
  serviceName: z.string(),
  checkId: z.string(),
  checkName: z.string(),
  reason: z.string(),
});
export type NewlyFailing = z.infer<typeof newlyFailing>;

export const digestMessage = z.object({
  type: z.literal('digest'),
  scope,
  period: z.object({ fromDay: day, toDay: day, days: z.number().int() }).meta({
    description: 'Whole UTC days, toDay included (as GET /api/v1/dora reads from/to days)',
  }),
  previous: z.object({ fromDay: day, toDay: day }),
  metrics: z.array(metricLine),
  targets: z.array(digestTarget).optional().meta({
    description:
      "The targets in force for the digest's scope (the organisation's digest: the organisation's and every team's; a team's: the team's and its services'), judged over the period as GET /api/v1/targets judges them for the same from/to days. Absent from digests recorded before targets were sent.",
  }),
  initiatives: z.array(digestInitiative).optional().meta({
    description:
      "A team's: the initiatives it has work left in; the organisation's: those with teams late or behind (GET /api/v1/initiatives/{id} on the digest's day). Absent from digests recorded before initiatives were sent.",
  }),
  scorecard: z.object({ id: z.string(), name: z.string() }).nullable(),
  levelChanges: z
    .array(levelChange)
    .nullable()
    .meta({ description: 'Since the end of the day before the period; null when no snapshot reaches back that far' }),
  newlyFailing: z.array(newlyFailing).nullable(),
  fixes: z.array(
    z.object({
      checkId: z.string(),
      name: z.string(),
      level: z.string(),
      services: z.array(z.string()),
      remediation: z.string(),
    }),
  ),
  links: z.object({ dashboard: z.string(), scorecard: z.string().nullable(), preview: z.string() }).meta({
    description: 'Absolute when server.publicUrl (or auth.baseUrl) is set; otherwise paths',
  }),
});
export type DigestMessage = z.infer<typeof digestMessage>;

export const ALERT_KINDS = ['dora-level', 'target-off-track', 'scorecard-level', 'check-failing'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export interface AlertMessage {
  type: 'alert';
  kind: AlertKind;
  scope: Scope;
  title: string;
  /** One or two sentences: what changed, from what to what, with the figure behind it. */
  detail: string;
  link: string;
}

export type Message = DigestMessage | AlertMessage;
