import { sql } from 'kysely';
import type { Db } from '../db/database';
import { startOfUtcDay } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { countedIncidentInScope } from './dora-samples';
import { figurePartsFromDerivedRows } from './figures-from-derived-rows';
import { repositoryInScope, type ResolvedScope } from './scope';

/**
 * What happened since today's 00:00Z, beside windows of whole days (which end there): the
 * deployments and failed deployments counted as the windows count them, incidents opened (counted
 * as time to restore counts them) and resolved, and when the newest of these happened.
 */
export interface TodaySoFar {
  since: string;
  until: string;
  deployments: number;
  failedDeployments: number;
  incidentsOpened: number;
  incidentsResolved: number;
  /** The newest deployment, incident opened or resolved today; null when there is none. */
  newestAt: string | null;
}

export async function getTodaySoFar(db: Db, config: PavedConfig, scope: ResolvedScope, at: Date): Promise<TodaySoFar> {
  const window = { from: startOfUtcDay(at), to: at };
  const counted = countedIncidentInScope(config, scope);
  const [parts, resolved, newest] = await Promise.all([
    figurePartsFromDerivedRows(db, config, scope, window),
    sql<{ n: number }>`
      select count(*)::int as n from incidents i
      where i.resolved_at >= ${window.from} and i.resolved_at < ${window.to} and ${counted}`.execute(db),
    sql<{ newest: Date | null }>`
      select greatest(
        (select max(d.deployed_at) from derived_deployments d
          where d.deployed_at >= ${window.from} and d.deployed_at < ${window.to} and ${repositoryInScope('d', scope)}),
        (select max(greatest(
            case when i.created_at >= ${window.from} and i.created_at < ${window.to} then i.created_at end,
            case when i.resolved_at >= ${window.from} and i.resolved_at < ${window.to} then i.resolved_at end))
          from incidents i where ${counted})
      ) as newest`.execute(db),
  ]);
  const newestAt = newest.rows[0]?.newest;
  return {
    since: window.from.toISOString(),
    until: window.to.toISOString(),
    deployments: parts.deployments.deployments,
    failedDeployments: parts.deployments.failed,
    incidentsOpened: parts.incidents.incidents,
    incidentsResolved: resolved.rows[0]!.n,
    newestAt: newestAt ? new Date(newestAt).toISOString() : null,
  };
}
