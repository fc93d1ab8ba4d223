import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/database';
import { deleteIncidentOverride, upsertIncidentOverride } from '../db/writes/incident-overrides';
import { now } from '../lib/clock';
import type { Window } from './dora-figures';
import type { ResolvedScope } from './scope';
import { scopeMembers } from './scope-members';

/** The body of PUT /api/v1/incidents/{source}/{id}/override. */
export const incidentOverrideRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('not_caused_by_change'), reason: z.string().trim().min(1).max(1000) }),
  z.strictObject({
    action: z.literal('attach'),
    deploymentId: z.string().min(1).max(200),
    reason: z.string().trim().min(1).max(1000),
  }),
]);
export type IncidentOverrideRequest = z.infer<typeof incidentOverrideRequest>;

/**
 * A correction as the correction form gives it and the override hook sends it: a request's action,
 * or `remove` (back to the rule, DELETE); the admin token, if typed, goes with this request only.
 */
export type OverrideSubmission = {
  action: IncidentOverrideRequest['action'] | 'remove';
  deploymentId: string;
  reason: string;
  token: string;
};

/** An override as the API shows it, with who made it, when and why. */
export interface IncidentOverrideView {
  action: 'not_caused_by_change' | 'attach';
  deploymentId: string | null;
  reason: string;
  by: string;
  at: string;
}

/**
 * Sets the override of an incident: it must exist, and an attached deployment must be a
 * production deployment of one of the incident's services. Takes effect at the next derivation.
 * @example await setIncidentOverride(db, { source: 'pagerduty', id: 'Q1' }, { action: 'not_caused_by_change', reason: 'disk alert' }, 'lead@example.com')
 */
export async function setIncidentOverride(
  db: Db,
  incident: { source: string; id: string },
  request: IncidentOverrideRequest,
  actor: string,
): Promise<{ ok: true; override: IncidentOverrideView } | { ok: false; status: 400 | 404; message: string }> {
  const found = await db
    .selectFrom('incidents')
    .select('pagerduty_service_id')
    .where('source', '=', incident.source)
    .where('external_id', '=', incident.id)
    .executeTakeFirst();
  if (!found) return { ok: false, status: 404, message: `no incident ${incident.source}:${incident.id}` };
  const deploymentId = request.action === 'attach' ? request.deploymentId : null;
  if (deploymentId) {
    const ofItsServices = await db
      .selectFrom('derived_deployments as d')
      .select('d.id')
      .where('d.id', '=', deploymentId)
      .where(
        sql<boolean>`d.repository_id in (select sr.repository_id from service_repositories sr join service_pagerduty_services sp on sp.service_id = sr.service_id where sp.pagerduty_service_id = ${found.pagerduty_service_id})`,
      )
      .executeTakeFirst();
    if (!ofItsServices)
      return {
        ok: false,
        status: 400,
        message: `deploymentId: ${deploymentId} is not a production deployment of this incident's services`,
      };
  }
  const at = now();
  await upsertIncidentOverride(db, {
    source: incident.source,
    external_id: incident.id,
    action: request.action,
    deployment_id: deploymentId,
    reason: request.reason,
    created_by: actor,
    created_at: at,
  });
  return {
    ok: true,
    override: { action: request.action, deploymentId, reason: request.reason, by: actor, at: at.toISOString() },
  };
}

/** Removes an incident's override; false when it had none. */
export function removeIncidentOverride(db: Db, incident: { source: string; id: string }): Promise<boolean> {
  return deleteIncidentOverride(db, { source: incident.source, externalId: incident.id });
}

/** How many incidents of the scope created in the window have an override: figures say so. */
export async function countIncidentOverrides(db: Db, scope: ResolvedScope, window: Window): Promise<number> {
  return (await countIncidentOverridesOf(db, [scope], window))[0]!;
}

/** countIncidentOverrides of many scopes (every team's), in one query. */
export async function countIncidentOverridesOf(
  db: Db,
  scopes: readonly ResolvedScope[],
  window: Window,
): Promise<number[]> {
  const { pagerdutyServices } = scopeMembers(scopes);
  const { rows } = await sql<{ scope: number; n: number }>`
    select m.scope, count(*)::int as n
    from incident_overrides o
    join incidents i on i.source = o.source and i.external_id = o.external_id
    join ${pagerdutyServices} m on m.pagerduty_service_id = i.pagerduty_service_id
    where i.created_at >= ${window.from} and i.created_at < ${window.to}
    group by m.scope`.execute(db);
  const byScope = new Map(rows.map((r) => [r.scope, r.n]));
  return scopes.map((_, i) => byScope.get(i) ?? 0);
}
