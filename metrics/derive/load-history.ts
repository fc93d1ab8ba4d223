import { sql } from 'kysely';
import type { Db } from '../../db/database';
import type { PavedConfig } from '../../lib/config';
import { productionEnvironments } from '../../lib/config-schema';
import type { CommitInfo, MergedPullRequest, ProductionDeployment, RepositoryHistory } from './derive-repository';

const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

/** Production deployments of a repository: GitHub deployments with a SUCCESS status in a production environment, and successful default-branch runs of its deploy workflows. */
export async function loadProductionDeployments(
  db: Db,
  config: PavedConfig,
  repository: { id: number; full_name: string; default_branch: string | null },
): Promise<ProductionDeployment[]> {
  const environments = productionEnvironments(config).map((e) => e.toLowerCase());
  const rows = await db
    .selectFrom('deployments')
    .select(['id', 'environment', 'commit_oid', 'deployed_at'])
    .where('repository_id', '=', repository.id)
    .where('deployed_at', 'is not', null)
    .where(sql<string>`lower(environment)`, 'in', environments)
    .execute();
  const deployments: ProductionDeployment[] = rows.map((r) => ({
    id: `d${r.id}`,
    kind: 'deployment',
    environment: r.environment.toLowerCase(),
    commitOid: r.commit_oid,
    deployedAt: r.deployed_at!.getTime(),
  }));
  const workflowKey = Object.keys(config.github?.deployWorkflows ?? {}).find(
    (k) => k.toLowerCase() === repository.full_name.toLowerCase(),
  );
  const workflows = workflowKey ? config.github!.deployWorkflows[workflowKey]! : [];
  if (workflows.length > 0 && repository.default_branch) {
    const runs = await db
      .selectFrom('pipeline_runs')
      .select(['run_id', 'attempt', 'workflow_name', 'head_sha', 'completed_at'])
      .where('repository_id', '=', repository.id)
      .where('branch', '=', repository.default_branch)
      .where('conclusion', '=', 'success')
      .where('completed_at', 'is not', null)
      .where('head_sha', 'is not', null)
      .where('workflow_name', 'in', workflows)
      .execute();
    for (const run of runs) {
      deployments.push({
        id: `r${repository.id}-${run.run_id}-${run.attempt}`,
        kind: 'workflow_run',
        environment: run.workflow_name.toLowerCase(),
        commitOid: run.head_sha!,
        deployedAt: run.completed_at!.getTime(),
      });
    }
  }
  return deployments;
}

/** Everything phase one needs about one repository. Held in memory for one repository at a time. */
export async function loadRepositoryHistory(
  db: Db,
  config: PavedConfig,
  repository: { id: number; full_name: string; default_branch: string | null },
): Promise<RepositoryHistory> {
  const [commitRows, prRows, prCommitRows, deployments] = await Promise.all([
    db
      .selectFrom('commits')
      .select([
        'oid',
        'parent_oids',
        'authored_at',
        'message_headline',
        'author_login',
        'message',
        'associated_pull_request_numbers',
      ])
      .where('repository_id', '=', repository.id)
      .execute(),
    db
      .selectFrom('pull_requests')
      .select([
        'number',
        'title',
        'author_login',
        'created_at',
        'merged_at',
        'merge_commit_oid',
        'first_commit_authored_at',
        'first_review_at',
        'labels',
      ])
      .where('repository_id', '=', repository.id)
      .where('merged_at', 'is not', null)
      .execute(),
    db
      .selectFrom('pull_request_commits')
      .select(['oid', 'pull_request_number'])
      .where('repository_id', '=', repository.id)
      .execute(),
    loadProductionDeployments(db, config, repository),
  ]);
  const commits = new Map<string, CommitInfo>(
    commitRows.map((c) => [
      c.oid,
      {
        parents: c.parent_oids,
        authoredAt: c.authored_at.getTime(),
        headline: c.message_headline,
        author: c.author_login,
        message: c.message,
        associatedPullRequests: c.associated_pull_request_numbers,
      },
    ]),
  );
  const pullRequests = new Map<number, MergedPullRequest>(
    prRows.map((p) => [
      p.number,
      {
        number: p.number,
        title: p.title,
        author: p.author_login,
        createdAt: p.created_at.getTime(),
        mergedAt: p.merged_at!.getTime(),
        mergeCommitOid: p.merge_commit_oid,
        firstCommitAuthoredAt: ms(p.first_commit_authored_at),
        firstReviewAt: ms(p.first_review_at),
        labels: p.labels,
      },
    ]),
  );
  const pullRequestCommits = new Map<string, number[]>();
  for (const row of prCommitRows)
    pullRequestCommits.set(row.oid, [...(pullRequestCommits.get(row.oid) ?? []), row.pull_request_number]);
  return {
    commits,
    pullRequests,
    pullRequestCommits,
    deployments,
    hotfixLabels: config.metrics.hotfixLabels.map((l) => l.toLowerCase()),
  };
}
