import { sql } from 'kysely';
import type { Db } from '../db/database';
import { now } from '../lib/clock';

export interface OrganisationSummary {
  window: { from: string; to: string };
  teams: number;
  services: number;
  repositories: number;
  /** Production deployments (derived: ≥ 1 SUCCESS status, or a deploy-workflow run) with deploy time in the window. */
  deployments: number;
  /** Production attempts in the window that never reached SUCCESS. */
  failedAttempts: number;
  /** Incidents of claimed PagerDuty services created in the window. */
  incidents: number;
  /** Incidents of claimed PagerDuty services open at the clock's now (pinned reports count as of then). */
  openIncidents: number;
}

/**
 * Headline counts for the overview.
 * @example getOrganisationSummary(db, { from, to, productionEnvironments: ['production'] })
 */
export async function getOrganisationSummary(
  db: Db,
  options: { from: Date; to: Date; productionEnvironments: readonly string[] },
): Promise<OrganisationSummary> {
  const environments = options.productionEnvironments.map((e) => e.toLowerCase());
  const at = now();
  const [catalog, deployments, incidents] = await Promise.all([
    db
      .selectNoFrom((eb) => [
        eb.selectFrom('teams').select(eb.fn.countAll<number>().as('n')).as('teams'),
        eb.selectFrom('services').select(eb.fn.countAll<number>().as('n')).as('services'),
        eb
          .selectFrom('repositories')
          .select(eb.fn.countAll<number>().as('n'))
          .where('archived', '=', false)
          .where('removed_at', 'is', null)
          .as('repositories'),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectNoFrom([
        sql<number>`(select count(*)::int from derived_deployments where deployed_at >= ${options.from} and deployed_at < ${options.to})`.as(
          'succeeded',
        ),
        sql<number>`(select count(*)::int from deployments where deployed_at is null and lower(environment) in (${sql.join(environments)}) and created_at >= ${options.from} and created_at < ${options.to})`.as(
          'failed',
        ),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('incidents')
      .where('pagerduty_service_id', 'in', db.selectFrom('service_pagerduty_services').select('pagerduty_service_id'))
      .select([
        sql<number>`count(*) filter (where created_at >= ${options.from} and created_at < ${options.to})::int`.as(
          'created',
        ),
        sql<number>`count(*) filter (where created_at <= ${at} and (resolved_at is null or resolved_at > ${at}))::int`.as(
          'open',
        ),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    window: { from: options.from.toISOString(), to: options.to.toISOString() },
    teams: Number(catalog.teams),
    services: Number(catalog.services),
    repositories: Number(catalog.repositories),
    deployments: deployments.succeeded,
    failedAttempts: deployments.failed,
    incidents: incidents.created,
    openIncidents: incidents.open,
  };
}
