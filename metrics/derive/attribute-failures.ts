/** A person's correction of an incident's attribution (incident_overrides). */
export type IncidentOverride = { action: 'not_caused_by_change' } | { action: 'attach'; deploymentId: string };

export interface IncidentFact {
  key: string;
  createdAt: number;
  resolvedAt: number | null;
  override?: IncidentOverride | null;
}

/** The override of a stored row, if any. */
export function overrideOf(action: string | null, deploymentId: string | null): IncidentOverride | null {
  if (action === 'not_caused_by_change') return { action };
  if (action === 'attach' && deploymentId) return { action, deploymentId };
  return null;
}

/** Whether the incident fails the deployment: by the rule (a), unless a person said otherwise. */
function attributes(incident: IncidentFact, deploymentId: string, byRule: boolean): boolean {
  if (!incident.override) return byRule;
  return incident.override.action === 'attach' && incident.override.deploymentId === deploymentId;
}

export interface DeploymentForFailure {
  id: string;
  deployedAt: number;
  serviceIds: readonly number[];
  rollbackOf: string | null;
  rolledBackBy: string | null;
  revertedBy: string | null;
  hasRevert: boolean;
  hasHotfix: boolean;
}

export interface FailureFacts {
  incidentKeys: string[];
  duringIncident: boolean;
  failed: boolean;
  failureReasons: ('incident' | 'rollback' | 'revert')[];
  recoveredAt: number | null;
  rework: boolean;
  reworkReasons: ('rollback' | 'revert' | 'hotfix' | 'incident')[];
}

export interface FailureContext {
  /** Every production deploy time of each service (all its repositories and environments), ascending. */
  serviceDeployTimes: ReadonlyMap<number, readonly number[]>;
  /** Counted incidents of each service (claimed and filtered). */
  serviceIncidents: ReadonlyMap<number, readonly IncidentFact[]>;
  /** Deploy time of any deployment by id (for rollback and revert recovery). */
  deployTimeById: ReadonlyMap<string, number>;
  attributionWindowMs: number;
  /** Services with an attribution window of their own (`catalog.services[].incidents.attributionWindowHours`). */
  serviceWindowMs?: ReadonlyMap<number, number>;
}

function nextAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? times[lo]! : Number.POSITIVE_INFINITY;
}

/**
 * Phase two: whether a deployment failed (incident, rollback, revert), when it recovered,
 * and whether it is rework. (a) An incident of one of its services, created at or after
 * the deploy time, before that service's next production deployment and within the
 * attribution window; an override replaces the rule for its incident (none, or the deployment it
 * names). Recovery: the latest resolution of its incidents (none while one is
 * open), otherwise the earliest rollback or revert deployment.
 */
export function attributeFailures(deployment: DeploymentForFailure, context: FailureContext): FailureFacts {
  const incidents = new Map<string, IncidentFact>();
  let duringIncident = false;
  for (const serviceId of deployment.serviceIds) {
    const next = nextAfter(context.serviceDeployTimes.get(serviceId) ?? [], deployment.deployedAt);
    const limit = deployment.deployedAt + (context.serviceWindowMs?.get(serviceId) ?? context.attributionWindowMs);
    for (const incident of context.serviceIncidents.get(serviceId) ?? []) {
      const byRule =
        incident.createdAt >= deployment.deployedAt && incident.createdAt < next && incident.createdAt <= limit;
      if (attributes(incident, deployment.id, byRule)) incidents.set(incident.key, incident);
      if (
        incident.createdAt <= deployment.deployedAt &&
        (incident.resolvedAt === null || deployment.deployedAt < incident.resolvedAt)
      )
        duringIncident = true;
    }
  }
  const failureReasons: FailureFacts['failureReasons'] = [];
  if (incidents.size > 0) failureReasons.push('incident');
  if (deployment.rolledBackBy) failureReasons.push('rollback');
  if (deployment.revertedBy) failureReasons.push('revert');

  let recoveredAt: number | null = null;
  if (incidents.size > 0) {
    const resolutions = [...incidents.values()].map((i) => i.resolvedAt);
    recoveredAt = resolutions.some((r) => r === null) ? null : Math.max(...(resolutions as number[]));
  } else {
    const candidates = [deployment.rolledBackBy, deployment.revertedBy]
      .filter((id): id is string => id !== null)
      .map((id) => context.deployTimeById.get(id)!);
    recoveredAt = candidates.length === 0 ? null : Math.min(...candidates);
  }

  const reworkReasons: FailureFacts['reworkReasons'] = [];
  if (deployment.rollbackOf) reworkReasons.push('rollback');
  if (deployment.hasRevert) reworkReasons.push('revert');
  if (deployment.hasHotfix) reworkReasons.push('hotfix');
  if (duringIncident) reworkReasons.push('incident');

  return {
    incidentKeys: [...incidents.keys()].sort(),
    duringIncident,
    failed: failureReasons.length > 0,
    failureReasons,
    recoveredAt,
    rework: reworkReasons.length > 0,
    reworkReasons,
  };
}
