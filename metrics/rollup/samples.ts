import { sql, type RawBuilder } from 'kysely';
import type { PavedConfig } from '../../lib/config';
import { countedIncident } from '../derive/incident-filter';

/**
 * The organisation's samples behind each percentile the DORA figures report, written once
 * so that building the rollups, reading the rows of a partial day and finding the value
 * at a rank all select exactly the same rows. Each filter repeats the predicate of the
 * partial expression index (migration 0400) that serves its rank lookups.
 */
export const SAMPLE_METRICS = ['lead', 'coding', 'pickup', 'review', 'deploy', 'recovery', 'restore'] as const;
export type SampleMetric = (typeof SAMPLE_METRICS)[number];

interface SampleSource {
  /** `from` clause, with the alias the other parts use */
  table: RawBuilder<unknown>;
  value: RawBuilder<number>;
  time: RawBuilder<Date>;
  where: RawBuilder<boolean>;
}

/** The organisation pools the repositories and PagerDuty services some service claims. */
const orgRepository = (alias: string) =>
  sql<boolean>`${sql.ref(`${alias}.repository_id`)} in (select repository_id from service_repositories)`;

const pullRequestStage = (column: string): SampleSource => ({
  table: sql`derived_changes c`,
  value: sql<number>`${sql.ref(`c.${column}`)}`,
  time: sql<Date>`c.deployed_at`,
  where: sql<boolean>`c.kind = 'pull_request' and c.lead_time_seconds > 0 and ${sql.ref(`c.${column}`)} is not null and ${orgRepository('c')}`,
});

export function sampleSource(metric: SampleMetric, config: PavedConfig): SampleSource {
  switch (metric) {
    case 'lead':
      return {
        table: sql`derived_changes c`,
        value: sql<number>`c.lead_time_seconds`,
        time: sql<Date>`c.deployed_at`,
        where: sql<boolean>`c.lead_time_seconds > 0 and ${orgRepository('c')}`,
      };
    case 'coding':
      return pullRequestStage('coding_seconds');
    case 'pickup':
      return pullRequestStage('pickup_seconds');
    case 'review':
      return pullRequestStage('review_seconds');
    case 'deploy':
      return pullRequestStage('deploy_seconds');
    case 'recovery':
      return {
        table: sql`derived_deployments d`,
        value: sql<number>`extract(epoch from d.recovered_at - d.deployed_at)::float8`,
        time: sql<Date>`d.deployed_at`,
        where: sql<boolean>`d.failed and d.recovered_at is not null and ${orgRepository('d')}`,
      };
    case 'restore':
      return {
        table: sql`incidents i`,
        value: sql<number>`extract(epoch from i.resolved_at - i.created_at)::float8`,
        time: sql<Date>`i.created_at`,
        where: sql<boolean>`i.resolved_at is not null and ${claimedIncident(config)}`,
      };
  }
}

/** Incidents the organisation counts: the configured urgencies and priorities, of a claimed PagerDuty service. */
export const claimedIncident = (config: PavedConfig) =>
  sql<boolean>`${countedIncident(config)} and i.pagerduty_service_id in (select pagerduty_service_id from service_pagerduty_services)`;

export const orgDeployment = orgRepository('d');

/** Instants [from, to); an empty list selects nothing, null selects all time. */
export type TimeRanges = { from: Date; to: Date }[] | null;

export function inRanges(column: RawBuilder<Date>, ranges: TimeRanges): RawBuilder<boolean> {
  if (ranges === null) return sql<boolean>`true`;
  if (ranges.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(
    ranges.map((r) => sql`(${column} >= ${r.from} and ${column} < ${r.to})`),
    sql` or `,
  )})`;
}

/** UTC calendar day of an instant, as the rollups key it. */
export const utcDay = (column: RawBuilder<Date>) => sql<string>`(${column} at time zone 'UTC')::date`;
