import type { Db } from '../db/database';
import type { Window } from './dora-figures';
import { isLeadTimeSample } from './dora-samples';
import type { ListPage } from './list-deployments';
import type { ResolvedScope } from './scope';

/** Changes (pull requests and direct pushes) deployed in the window, newest first, with lead time and stages. */
export async function listChanges(
  db: Db,
  scope: ResolvedScope,
  window: Window,
  filter: { deployment?: string },
  page: ListPage,
) {
  let query = db
    .selectFrom('derived_changes as c')
    .innerJoin('repositories as r', 'r.id', 'c.repository_id')
    .selectAll('c')
    .select('r.full_name as repository')
    .where('c.repository_id', 'in', scope.repositoryIds.length ? scope.repositoryIds : [-1])
    .orderBy('c.deployed_at', 'desc')
    .orderBy('c.change_key', 'desc')
    .limit(page.limit + 1);
  if (filter.deployment) query = query.where('c.deployment_id', '=', filter.deployment);
  else query = query.where('c.deployed_at', '>=', window.from).where('c.deployed_at', '<', window.to);
  if (page.after) {
    const [at, key] = page.after as [string, string];
    query = query.where((eb) =>
      eb.or([
        eb('c.deployed_at', '<', new Date(at)),
        eb.and([eb('c.deployed_at', '=', new Date(at)), eb('c.change_key', '<', key)]),
      ]),
    );
  }
  const rows = await query.execute();
  const items = rows.slice(0, page.limit).map((c) => ({
    key: c.change_key,
    kind: c.kind,
    repository: c.repository,
    pullRequest: c.pull_request_number,
    commit: c.commit_oid,
    title: c.title,
    author: c.author_login,
    deployment: c.deployment_id,
    deployedAt: c.deployed_at.toISOString(),
    startedAt: c.started_at.toISOString(),
    leadTimeSeconds: c.lead_time_seconds,
    // Non-positive lead times (clock skew) are listed but excluded from the figures.
    counted: isLeadTimeSample(c.lead_time_seconds),
    stages: {
      codingSeconds: c.coding_seconds,
      pickupSeconds: c.pickup_seconds,
      reviewSeconds: c.review_seconds,
      deploySeconds: c.deploy_seconds,
    },
  }));
  const last = items.at(-1);
  return { items, next: rows.length > page.limit && last ? [last.deployedAt, last.key] : null };
}

export type ChangeRow = Awaited<ReturnType<typeof listChanges>>['items'][number];
