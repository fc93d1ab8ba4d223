import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config';
import { markDirtyDays } from '../rollup/refresh-rollups';
import { attributeFailures, overrideOf, type IncidentFact } from './attribute-failures';
import { fingerprintOf } from './config-key';
import { saveState, utcDayOf } from './derivation-state';
import { countedIncident, serviceAttributionWindows } from './incident-filter';

interface ServiceLinks {
  servicesOfRepo: Map<number, number[]>;
  reposOfService: Map<number, number[]>;
}

interface ServiceIncidents {
  /** Counted incidents of each service, oldest first. */
  incidents: Map<number, IncidentFact[]>;
  /** What each service's incidents were derived from: their keys, update times and corrections. */
  prints: Map<number, string[]>;
}

type PhaseTwoDeployment = Awaited<ReturnType<typeof loadDeployments>>[number];

interface PhaseTwoUpdate {
  id: string;
  incident_keys: string[];
  during_incident: boolean;
  failed: boolean;
  failure_reasons: string[];
  recovered_at: string | null;
  rework: boolean;
  rework_reasons: string[];
}

const pushTo = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

async function loadServiceLinks(db: Db): Promise<ServiceLinks> {
  const links = await db.selectFrom('service_repositories').select(['service_id', 'repository_id']).execute();
  const servicesOfRepo = new Map<number, number[]>();
  const reposOfService = new Map<number, number[]>();
  for (const l of links) {
    pushTo(servicesOfRepo, l.repository_id, l.service_id);
    pushTo(reposOfService, l.service_id, l.repository_id);
  }
  return { servicesOfRepo, reposOfService };
}

async function loadServiceIncidents(db: Db, config: PavedConfig): Promise<ServiceIncidents> {
  const rows = await db
    .selectFrom('incidents as i')
    .innerJoin('service_pagerduty_services as sp', 'sp.pagerduty_service_id', 'i.pagerduty_service_id')
    // People's corrections (incident_overrides) are inputs like the incidents themselves.
    .leftJoin('incident_overrides as o', (j) =>
      j.onRef('o.source', '=', 'i.source').onRef('o.external_id', '=', 'i.external_id'),
    )
    .select(['sp.service_id', 'i.source', 'i.external_id', 'i.created_at', 'i.resolved_at', 'i.updated_at'])
    .select(['o.action as override_action', 'o.deployment_id as override_deployment'])
    .where(countedIncident(config))
    .orderBy('i.created_at')
    .execute();
  const incidents = new Map<number, IncidentFact[]>();
  const prints = new Map<number, string[]>();
  for (const row of rows) {
    const fact = {
      key: `${row.source}:${row.external_id}`,
      createdAt: row.created_at.getTime(),
      resolvedAt: row.resolved_at?.getTime() ?? null,
      override: overrideOf(row.override_action, row.override_deployment),
    };
    pushTo(incidents, row.service_id, fact);
    // Suffixed only when overridden, so incidents without one keep their print (nothing re-derives).
    pushTo(
      prints,
      row.service_id,
      `${fact.key}@${row.updated_at.toISOString()}${row.override_action ? `#${row.override_action}:${row.override_deployment ?? ''}` : ''}`,
    );
  }
  return { incidents, prints };
}

/** A repository's phase-two inputs: its services, their repositories' histories, and their incidents. */
function phaseTwoPrinter(links: ServiceLinks, incidents: ServiceIncidents, fingerprints: Map<number, string>) {
  return (repoId: number) => {
    const services = (links.servicesOfRepo.get(repoId) ?? []).sort((a, b) => a - b);
    return fingerprintOf({
      services,
      repos: services.map((s) =>
        (links.reposOfService.get(s) ?? []).sort((a, b) => a - b).map((r) => fingerprints.get(r) ?? ''),
      ),
      incidents: services.map((s) => fingerprintOf(incidents.prints.get(s) ?? [])),
    });
  };
}

function loadDeployments(db: Db, repositoryIds: number[]) {
  return db
    .selectFrom('derived_deployments')
    .select([
      'id',
      'repository_id',
      'deployed_at',
      'rollback_of',
      'rolled_back_by',
      'reverted_by',
      'has_revert',
      'has_hotfix',
      'failed',
      'rework',
      'recovered_at',
    ])
    .where('repository_id', 'in', repositoryIds)
    .orderBy('deployed_at')
    .execute();
}

/** Failure, recovery and rework of each deployment of the affected repositories. */
async function attributeDeployments(
  db: Db,
  config: PavedConfig,
  links: ServiceLinks,
  incidents: ServiceIncidents,
  deployments: PhaseTwoDeployment[],
  affected: Set<number>,
): Promise<PhaseTwoUpdate[]> {
  const deployTimeById = new Map(deployments.map((d) => [d.id, d.deployed_at.getTime()]));
  const serviceDeployTimes = new Map<number, number[]>();
  for (const d of deployments)
    for (const s of links.servicesOfRepo.get(d.repository_id) ?? [])
      pushTo(serviceDeployTimes, s, d.deployed_at.getTime());
  for (const times of serviceDeployTimes.values()) times.sort((a, b) => a - b);

  const context = {
    serviceDeployTimes,
    serviceIncidents: incidents.incidents,
    deployTimeById,
    attributionWindowMs: config.metrics.incidentAttributionWindowHours * 3_600_000,
    serviceWindowMs: await serviceAttributionWindows(db, config),
  };
  return deployments
    .filter((d) => affected.has(d.repository_id))
    .map((d) => {
      const facts = attributeFailures(
        {
          id: d.id,
          deployedAt: d.deployed_at.getTime(),
          serviceIds: links.servicesOfRepo.get(d.repository_id) ?? [],
          rollbackOf: d.rollback_of,
          rolledBackBy: d.rolled_back_by,
          revertedBy: d.reverted_by,
          hasRevert: d.has_revert,
          hasHotfix: d.has_hotfix,
        },
        context,
      );
      return {
        id: d.id,
        incident_keys: facts.incidentKeys,
        during_incident: facts.duringIncident,
        failed: facts.failed,
        failure_reasons: facts.failureReasons,
        recovered_at: facts.recoveredAt === null ? null : new Date(facts.recoveredAt).toISOString(),
        rework: facts.rework,
        rework_reasons: facts.reworkReasons,
      };
    });
}

/** UTC days whose counted failures, rework or recoveries changed: the rollup days to refresh. */
function daysWithChangedOutcomes(deployments: PhaseTwoDeployment[], updates: PhaseTwoUpdate[]): string[] {
  const before = new Map(deployments.map((d) => [d.id, d]));
  return updates
    .filter((u) => {
      const b = before.get(u.id)!;
      return (
        b.failed !== u.failed ||
        b.rework !== u.rework ||
        (b.recovered_at?.getTime() ?? null) !== (u.recovered_at === null ? null : Date.parse(u.recovered_at))
      );
    })
    .map((u) => utcDayOf(before.get(u.id)!.deployed_at.getTime()));
}

async function writeUpdates(db: Db, updates: PhaseTwoUpdate[]): Promise<void> {
  for (let i = 0; i < updates.length; i += 2000) {
    await sql`
      update derived_deployments d set incident_keys = v.incident_keys, during_incident = v.during_incident, failed = v.failed,
        failure_reasons = v.failure_reasons, recovered_at = v.recovered_at, rework = v.rework, rework_reasons = v.rework_reasons
      from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 2000))}::jsonb)
        as v(id text, incident_keys text[], during_incident boolean, failed boolean, failure_reasons text[], recovered_at timestamptz, rework boolean, rework_reasons text[])
      where d.id = v.id`.execute(db);
  }
}

/**
 * Phase two of the derivation (incidents, recovery, rework) for the repositories whose inputs
 * changed since they were last derived: their services' links, repositories' histories and
 * incidents. Returns how many repositories it re-derived.
 */
export async function derivePhaseTwo(
  db: Db,
  config: PavedConfig,
  repoIds: number[],
  fingerprints: Map<number, string>,
  states: Map<string, string>,
  full: boolean,
  now: Date,
): Promise<number> {
  const links = await loadServiceLinks(db);
  const incidents = await loadServiceIncidents(db, config);
  const phaseTwoPrint = phaseTwoPrinter(links, incidents, fingerprints);
  const affected = repoIds.filter((id) => full || states.get(`repo2:${id}`) !== phaseTwoPrint(id));
  if (affected.length === 0) return 0;

  // Attribution looks at every deployment of the affected repositories' services.
  const serviceIds = [...new Set(affected.flatMap((id) => links.servicesOfRepo.get(id) ?? []))];
  const relatedRepos = [...new Set([...affected, ...serviceIds.flatMap((s) => links.reposOfService.get(s) ?? [])])];
  const deployments = await loadDeployments(db, relatedRepos);
  const updates = await attributeDeployments(db, config, links, incidents, deployments, new Set(affected));
  const dirty = full ? [] : daysWithChangedOutcomes(deployments, updates);
  await db.transaction().execute(async (trx) => {
    await markDirtyDays(trx, dirty);
    await writeUpdates(trx, updates);
    for (const id of affected) await saveState(trx, `repo2:${id}`, phaseTwoPrint(id), now);
  });
  return affected.length;
}
