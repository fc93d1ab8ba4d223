import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import { upsertRows } from '../../db/writes/upsert';
import type { PavedConfig } from '../../lib/config';
import { derivationConfigKey, fingerprintOf } from './config-key';
import { attributeFailures, overrideOf, type IncidentFact } from './attribute-failures';
import { deriveRepository } from './derive-repository';
import { countedIncident, serviceAttributionWindows } from './incident-filter';
import { loadRepositoryHistory } from './load-history';
import { invalidateOrgRollups, markDirtyDays, refreshOrgRollups } from '../rollup/refresh-rollups';

export interface DerivationReport {
  full: boolean;
  repositories: number;
  phaseOneRepositories: number;
  phaseTwoRepositories: number;
}

/** One cheap aggregate per repository that changes whenever its collected history does. */
async function repositoryFingerprints(db: Db): Promise<Map<number, string>> {
  // Each table aggregated once, grouped by repository: one pass instead of a probe per repository.
  const { rows } = await sql<{ id: number; f: string }>`
    select r.id, concat_ws('|', r.default_branch,
      coalesce(c.n, 0) || ':' || coalesce(c.last::text, ''),
      coalesce(p.n, 0) || ':' || coalesce(p.last::text, ''),
      coalesce(pc.n, 0),
      coalesce(d.n, 0) || ':' || coalesce(d.last::text, ''),
      coalesce(pr.n, 0) || ':' || coalesce(pr.last::text, '')) as f
    from repositories r
    left join (select repository_id, count(*) as n, max(committed_at) as last from commits group by 1) c on c.repository_id = r.id
    left join (select repository_id, count(*) as n, max(updated_at) as last from pull_requests group by 1) p on p.repository_id = r.id
    left join (select repository_id, count(*) as n from pull_request_commits group by 1) pc on pc.repository_id = r.id
    left join (select repository_id, count(*) as n, max(updated_at) as last from deployments group by 1) d on d.repository_id = r.id
    left join (select repository_id, count(*) as n, max(updated_at) as last from pipeline_runs group by 1) pr on pr.repository_id = r.id
    where not r.archived`.execute(db);
  return new Map(rows.map((r) => [r.id, r.f]));
}

/**
 * Derives per-deployment and per-change facts after a sync, incrementally: phase one
 * (commits, changes, rollbacks, reverts) only for repositories whose history changed;
 * phase two (incidents, recovery, rework) for repositories whose services' deployments,
 * incidents or links changed. A config change re-derives everything.
 */
export async function deriveDelivery(
  db: Db,
  config: PavedConfig,
  options: { full?: boolean } = {},
): Promise<DerivationReport> {
  const states = new Map(
    (await db.selectFrom('derivation_state').select(['scope', 'fingerprint']).execute()).map((s) => [
      s.scope,
      s.fingerprint,
    ]),
  );
  const full = Boolean(options.full) || states.get('config') !== derivationConfigKey(config);
  const repos = await db
    .selectFrom('repositories')
    .select(['id', 'full_name', 'default_branch'])
    .where('archived', '=', false)
    .execute();
  const fingerprints = await repositoryFingerprints(db);
  const now = new Date();

  // Repositories no longer collected (archived, removed) leave no derived rows behind.
  const gone = await db
    .deleteFrom('derived_deployments')
    .where('repository_id', 'not in', [0, ...repos.map((r) => r.id)])
    .executeTakeFirst();
  const goneChanges = await db
    .deleteFrom('derived_changes')
    .where('repository_id', 'not in', [0, ...repos.map((r) => r.id)])
    .executeTakeFirst();
  // The organisation rollups follow the derived rows: rebuilt after a full derivation, else refreshed day by day.
  if (full || gone.numDeletedRows > 0n || goneChanges.numDeletedRows > 0n) await invalidateOrgRollups(db);

  const phaseOne = repos.filter((r) => full || states.get(`repo:${r.id}`) !== fingerprints.get(r.id));
  for (const repo of phaseOne) {
    const result = deriveRepository(await loadRepositoryHistory(db, config, repo));
    await db.transaction().execute(async (trx) => {
      // Incrementally, the second phase's facts carry over until it recomputes them, and the days whose rows changed are marked.
      const previous = full ? null : await previousRows(trx, repo.id);
      await trx.deleteFrom('derived_changes').where('repository_id', '=', repo.id).execute();
      await trx.deleteFrom('derived_deployments').where('repository_id', '=', repo.id).execute();
      await upsertRows(
        trx,
        'derived_deployments',
        result.deployments.map((d) => ({
          ...previous?.deployments.get(d.id)?.phaseTwo,
          id: d.id,
          repository_id: repo.id,
          kind: d.kind,
          environment: d.environment,
          commit_oid: d.commitOid,
          deployed_at: new Date(d.deployedAt),
          previous_id: d.previousId,
          is_baseline: d.isBaseline,
          commit_count: d.commits.size,
          change_count: d.changeCount,
          rollback_of: d.rollbackOf,
          has_revert: d.hasRevert,
          has_hotfix: d.hasHotfix,
          rolled_back_by: d.rolledBackBy,
          reverted_by: d.revertedBy,
        })),
        ['id'],
      );
      await upsertRows(
        trx,
        'derived_changes',
        result.changes.map((c) => ({
          repository_id: repo.id,
          change_key: c.key,
          kind: c.kind,
          pull_request_number: c.pullRequestNumber,
          commit_oid: c.commitOid,
          title: c.title,
          author_login: c.author,
          deployment_id: c.deploymentId,
          deployed_at: new Date(c.deployedAt),
          started_at: new Date(c.startedAt),
          lead_time_seconds: c.leadTimeSeconds,
          coding_seconds: c.codingSeconds,
          pickup_seconds: c.pickupSeconds,
          review_seconds: c.reviewSeconds,
          deploy_seconds: c.deploySeconds,
        })),
        ['repository_id', 'change_key'],
      );
      if (previous) await markDirtyDays(trx, changedDays(previous, result));
      await saveState(trx, `repo:${repo.id}`, fingerprints.get(repo.id)!, now);
    });
  }

  const phaseTwo = await derivePhaseTwo(
    db,
    config,
    repos.map((r) => r.id),
    fingerprints,
    states,
    full,
    now,
  );
  await saveState(db, 'config', derivationConfigKey(config), now);
  await refreshOrgRollups(db, config);
  return { full, repositories: repos.length, phaseOneRepositories: phaseOne.length, phaseTwoRepositories: phaseTwo };
}

async function saveState(db: Db, scope: string, fingerprint: string, at: Date): Promise<void> {
  await upsertRows(db, 'derivation_state', [{ scope, fingerprint, derived_at: at }], ['scope']);
}

async function derivePhaseTwo(
  db: Db,
  config: PavedConfig,
  repoIds: number[],
  fingerprints: Map<number, string>,
  states: Map<string, string>,
  full: boolean,
  now: Date,
): Promise<number> {
  const links = await db.selectFrom('service_repositories').select(['service_id', 'repository_id']).execute();
  const servicesOfRepo = new Map<number, number[]>();
  const reposOfService = new Map<number, number[]>();
  for (const l of links) {
    servicesOfRepo.set(l.repository_id, [...(servicesOfRepo.get(l.repository_id) ?? []), l.service_id]);
    reposOfService.set(l.service_id, [...(reposOfService.get(l.service_id) ?? []), l.repository_id]);
  }
  const incidentRows = await db
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
  const serviceIncidents = new Map<number, IncidentFact[]>();
  const incidentPrints = new Map<number, string[]>();
  for (const row of incidentRows) {
    const fact = {
      key: `${row.source}:${row.external_id}`,
      createdAt: row.created_at.getTime(),
      resolvedAt: row.resolved_at?.getTime() ?? null,
      override: overrideOf(row.override_action, row.override_deployment),
    };
    serviceIncidents.set(row.service_id, [...(serviceIncidents.get(row.service_id) ?? []), fact]);
    incidentPrints.set(row.service_id, [
      ...(incidentPrints.get(row.service_id) ?? []),
      // Suffixed only when overridden, so incidents without one keep their print (nothing re-derives).
      `${fact.key}@${row.updated_at.toISOString()}${row.override_action ? `#${row.override_action}:${row.override_deployment ?? ''}` : ''}`,
    ]);
  }

  // A repository's phase-two inputs: its services, their repositories' histories, and their incidents.
  const phaseTwoPrint = (repoId: number) => {
    const services = (servicesOfRepo.get(repoId) ?? []).sort((a, b) => a - b);
    return fingerprintOf({
      services,
      repos: services.map((s) =>
        (reposOfService.get(s) ?? []).sort((a, b) => a - b).map((r) => fingerprints.get(r) ?? ''),
      ),
      incidents: services.map((s) => fingerprintOf(incidentPrints.get(s) ?? [])),
    });
  };
  const affected = repoIds.filter((id) => full || states.get(`repo2:${id}`) !== phaseTwoPrint(id));
  if (affected.length === 0) return 0;

  const serviceIds = [...new Set(affected.flatMap((id) => servicesOfRepo.get(id) ?? []))];
  const relatedRepos = [...new Set([...affected, ...serviceIds.flatMap((s) => reposOfService.get(s) ?? [])])];
  const deployments = await db
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
    .where('repository_id', 'in', relatedRepos)
    .orderBy('deployed_at')
    .execute();
  const deployTimeById = new Map(deployments.map((d) => [d.id, d.deployed_at.getTime()]));
  const serviceDeployTimes = new Map<number, number[]>();
  for (const d of deployments)
    for (const s of servicesOfRepo.get(d.repository_id) ?? [])
      serviceDeployTimes.set(s, [...(serviceDeployTimes.get(s) ?? []), d.deployed_at.getTime()]);
  for (const times of serviceDeployTimes.values()) times.sort((a, b) => a - b);

  const serviceWindowMs = await serviceAttributionWindows(db, config);
  const affectedSet = new Set(affected);
  const updates = deployments
    .filter((d) => affectedSet.has(d.repository_id))
    .map((d) => {
      const facts = attributeFailures(
        {
          id: d.id,
          deployedAt: d.deployed_at.getTime(),
          serviceIds: servicesOfRepo.get(d.repository_id) ?? [],
          rollbackOf: d.rollback_of,
          rolledBackBy: d.rolled_back_by,
          revertedBy: d.reverted_by,
          hasRevert: d.has_revert,
          hasHotfix: d.has_hotfix,
        },
        {
          serviceDeployTimes,
          serviceIncidents,
          deployTimeById,
          attributionWindowMs: config.metrics.incidentAttributionWindowHours * 3_600_000,
          serviceWindowMs,
        },
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
  const before = new Map(deployments.map((d) => [d.id, d]));
  const dirty = full
    ? []
    : updates
        .filter((u) => {
          const b = before.get(u.id)!;
          return (
            b.failed !== u.failed ||
            b.rework !== u.rework ||
            (b.recovered_at?.getTime() ?? null) !== (u.recovered_at === null ? null : Date.parse(u.recovered_at))
          );
        })
        .map((u) => utcDayOf(before.get(u.id)!.deployed_at.getTime()));
  await db.transaction().execute(async (trx) => {
    await markDirtyDays(trx, dirty);
    for (let i = 0; i < updates.length; i += 2000) {
      await sql`
        update derived_deployments d set incident_keys = v.incident_keys, during_incident = v.during_incident, failed = v.failed,
          failure_reasons = v.failure_reasons, recovered_at = v.recovered_at, rework = v.rework, rework_reasons = v.rework_reasons
        from jsonb_to_recordset(${JSON.stringify(updates.slice(i, i + 2000))}::jsonb)
          as v(id text, incident_keys text[], during_incident boolean, failed boolean, failure_reasons text[], recovered_at timestamptz, rework boolean, rework_reasons text[])
        where d.id = v.id`.execute(trx);
    }
    for (const id of affected) await saveState(trx, `repo2:${id}`, phaseTwoPrint(id), now);
  });
  return affected.length;
}

const utcDayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface PreviousRows {
  deployments: Map<string, { deployedAt: number; phaseTwo: Record<string, unknown> }>;
  changes: Map<string, { deployedAt: number; signature: string }>;
}

const changeSignature = (c: {
  kind: string;
  deployedAt: number;
  lead: number;
  coding: number | null;
  pickup: number | null;
  review: number | null;
  deploy: number | null;
}) => [c.kind, c.deployedAt, c.lead, c.coding, c.pickup, c.review, c.deploy].join('|');

async function previousRows(trx: Transaction<Database>, repositoryId: number): Promise<PreviousRows> {
  const deployments = await trx
    .selectFrom('derived_deployments')
    .select([
      'id',
      'deployed_at',
      'incident_keys',
      'during_incident',
      'failed',
      'failure_reasons',
      'recovered_at',
      'rework',
      'rework_reasons',
    ])
    .where('repository_id', '=', repositoryId)
    .execute();
  const changes = await trx
    .selectFrom('derived_changes')
    .select([
      'change_key',
      'kind',
      'deployed_at',
      'lead_time_seconds',
      'coding_seconds',
      'pickup_seconds',
      'review_seconds',
      'deploy_seconds',
    ])
    .where('repository_id', '=', repositoryId)
    .execute();
  return {
    deployments: new Map(
      deployments.map(({ id, deployed_at, ...phaseTwo }) => [
        id,
        {
          deployedAt: deployed_at.getTime(),
          phaseTwo: { ...phaseTwo, recovered_at: phaseTwo.recovered_at?.toISOString() ?? null },
        },
      ]),
    ),
    changes: new Map(
      changes.map((c) => [
        c.change_key,
        {
          deployedAt: c.deployed_at.getTime(),
          signature: changeSignature({
            kind: c.kind,
            deployedAt: c.deployed_at.getTime(),
            lead: c.lead_time_seconds,
            coding: c.coding_seconds,
            pickup: c.pickup_seconds,
            review: c.review_seconds,
            deploy: c.deploy_seconds,
          }),
        },
      ]),
    ),
  };
}

/** UTC days where a repository's deployments or changes appeared, disappeared, moved or changed. */
function changedDays(previous: PreviousRows, result: ReturnType<typeof deriveRepository>): string[] {
  const days: number[] = [];
  const seen = new Set<string>();
  for (const d of result.deployments) {
    seen.add(d.id);
    const old = previous.deployments.get(d.id);
    if (old?.deployedAt !== d.deployedAt) days.push(d.deployedAt, ...(old ? [old.deployedAt] : []));
  }
  for (const [id, old] of previous.deployments) if (!seen.has(id)) days.push(old.deployedAt);
  seen.clear();
  for (const c of result.changes) {
    seen.add(c.key);
    const old = previous.changes.get(c.key);
    const signature = changeSignature({
      kind: c.kind,
      deployedAt: c.deployedAt,
      lead: c.leadTimeSeconds,
      coding: c.codingSeconds,
      pickup: c.pickupSeconds,
      review: c.reviewSeconds,
      deploy: c.deploySeconds,
    });
    if (old?.signature !== signature) days.push(c.deployedAt, ...(old ? [old.deployedAt] : []));
  }
  for (const [key, old] of previous.changes) if (!seen.has(key)) days.push(old.deployedAt);
  return [...new Set(days.map(utcDayOf))];
}
