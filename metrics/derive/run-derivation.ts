import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database';
import type { Database } from '../../db/schema';
import { upsertRows } from '../../db/writes/upsert';
import type { PavedConfig } from '../../lib/config';
import { derivationConfigKey } from './config-key';
import { deriveRepository } from './derive-repository';
import { saveState, utcDayOf } from './derivation-state';
import { loadRepositoryHistory } from './load-history';
import { derivePhaseTwo } from './phase-two';
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
    where not r.archived and r.removed_at is null`.execute(db);
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
    .where('removed_at', 'is', null)
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
  await db
    .deleteFrom('derived_undeployed_pull_requests')
    .where('repository_id', 'not in', [0, ...repos.map((r) => r.id)])
    .execute();
  // Their derivation state goes too: a repository that comes back (unarchived, restored) is derived afresh.
  const counted = new Set(repos.flatMap((r) => [`repo:${r.id}`, `repo2:${r.id}`]));
  const forgotten = [...states.keys()].filter((scope) => /^repo2?:/.test(scope) && !counted.has(scope));
  if (forgotten.length > 0) await db.deleteFrom('derivation_state').where('scope', 'in', forgotten).execute();
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
      await rewriteUndeployedPullRequests(trx, repo.id);
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

/**
 * The repository's merged pull requests that none of its (just rewritten) derived changes deploys,
 * for the data-quality page: one repository's anti-join here instead of the whole organisation's on
 * each request. A change deploys pull request n exactly when its key is `pr:<n>`.
 */
async function rewriteUndeployedPullRequests(trx: Transaction<Database>, repositoryId: number): Promise<void> {
  await trx.deleteFrom('derived_undeployed_pull_requests').where('repository_id', '=', repositoryId).execute();
  await sql`insert into derived_undeployed_pull_requests (repository_id, number, title, merged_at)
    select p.repository_id, p.number, p.title, p.merged_at from pull_requests p
    where p.repository_id = ${repositoryId} and p.merged_at is not null
      and not exists (select 1 from derived_changes c where c.repository_id = p.repository_id and c.change_key = 'pr:' || p.number)`.execute(
    trx,
  );
}

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
