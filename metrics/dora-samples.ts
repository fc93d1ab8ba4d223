import { sql, type RawBuilder } from 'kysely';
import type { PavedConfig } from '../lib/config';
import { countedIncident } from './derive/incident-filter';
import { incidentServiceInScope, repositoryInScope, type ResolvedScope } from './scope';

/**
 * Which rows each DORA figure counts, written once. A team's or service's figures read the
 * derived rows with these conditions; the organisation's rollups are built, and their
 * percentiles read back, with the same ones, so both paths select exactly the same rows.
 * Conditions name their table by alias: `derived_deployments d`, `derived_changes c`,
 * `incidents i`. The sample conditions repeat the predicates of the partial expression
 * indexes (migration 0400) that serve the rollups' rank lookups: keep them in step.
 */

/** A failed deployment (incident, rollback or revert; derived in metrics/derive/attribute-failures.ts). */
export const failedDeployment = sql<boolean>`d.failed`;
/** A rework deployment (rollback, revert, hotfix label, or shipped during an open incident). */
export const reworkDeployment = sql<boolean>`d.rework`;

/** A change that gives a lead-time sample: non-positive lead times (clock skew) are left out. */
export const leadTimeSample = sql<boolean>`c.lead_time_seconds > 0`;
/** The same rule for a change already read into memory. */
export const isLeadTimeSample = (leadTimeSeconds: number) => leadTimeSeconds > 0;

/** An incident counted for the scope: the configured urgencies and priorities, of a PagerDuty service of the scope. */
export const countedIncidentInScope = (config: PavedConfig, scope: ResolvedScope) =>
  sql<boolean>`${countedIncident(config)} and ${incidentServiceInScope(scope)}`;

export const SAMPLE_METRICS = ['lead', 'coding', 'pickup', 'review', 'deploy', 'recovery', 'restore'] as const;
/** Each sample behind a median or percentile of the figures. */
export type SampleMetric = (typeof SAMPLE_METRICS)[number];
export type StageMetric = 'coding' | 'pickup' | 'review' | 'deploy';

interface Sample {
  /** `from` clause, with the alias the other parts use */
  table: RawBuilder<unknown>;
  value: RawBuilder<number>;
  /** the instant that places the sample in a window */
  time: RawBuilder<Date>;
  /** whether a row of the table is a sample (scope aside) */
  where: RawBuilder<boolean>;
}

const stageSample = (column: string): Sample => ({
  table: sql`derived_changes c`,
  value: sql<number>`${sql.ref(`c.${column}`)}`,
  time: sql<Date>`c.deployed_at`,
  where: sql<boolean>`c.kind = 'pull_request' and ${leadTimeSample} and ${sql.ref(`c.${column}`)} is not null`,
});

/** The samples, scope aside. */
export const SAMPLES: Record<SampleMetric, Sample> = {
  lead: {
    table: sql`derived_changes c`,
    value: sql<number>`c.lead_time_seconds`,
    time: sql<Date>`c.deployed_at`,
    where: leadTimeSample,
  },
  coding: stageSample('coding_seconds'),
  pickup: stageSample('pickup_seconds'),
  review: stageSample('review_seconds'),
  deploy: stageSample('deploy_seconds'),
  // Failed deployments with a recovery instant: recovery instant − deploy time.
  recovery: {
    table: sql`derived_deployments d`,
    value: sql<number>`extract(epoch from d.recovered_at - d.deployed_at)::float8`,
    time: sql<Date>`d.deployed_at`,
    where: sql<boolean>`${failedDeployment} and d.recovered_at is not null`,
  },
  // Resolved incidents: resolved − created (counted incidents only; see sampleIn).
  restore: {
    table: sql`incidents i`,
    value: sql<number>`extract(epoch from i.resolved_at - i.created_at)::float8`,
    time: sql<Date>`i.created_at`,
    where: sql<boolean>`i.resolved_at is not null`,
  },
};

/** A sample with the scope applied: the rows of the scope's repositories, or its counted incidents. */
export function sampleIn(metric: SampleMetric, config: PavedConfig, scope: ResolvedScope): Sample {
  const s = SAMPLES[metric];
  const inScope =
    metric === 'restore'
      ? countedIncidentInScope(config, scope)
      : repositoryInScope(metric === 'recovery' ? 'd' : 'c', scope);
  return { ...s, where: sql<boolean>`${s.where} and ${inScope}` };
}
