import type { Db } from '../../db/database';
import { replaceServiceLinks, upsertServices, upsertTeams } from '../../db/writes/catalog';
import {
  upsertCommits,
  upsertDeployments,
  upsertPullRequestCommits,
  upsertPullRequests,
  upsertRepositories,
} from '../../db/writes/github';
import { upsertIncidents } from '../../db/writes/pagerduty';

/**
 * Builds small, hand-worked delivery histories through the real write path, so metric
 * tests read exactly what collectors would write. Times are hours after `t0`.
 */
export function deliveryBuilder(db: Db, t0: Date) {
  const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000);
  let deploymentId = 0;
  const repoIds = new Map<string, number>();
  return {
    at,
    async service(slug: string, team: string, repo: string, pagerdutyServiceId: string | null) {
      await upsertTeams(db, [{ slug: team, name: team, source: 'test' }]);
      const ids = await upsertServices(db, [{ slug, name: slug, teamSlug: team, source: 'test' }]);
      const repos = await upsertRepositories(db, [
        {
          full_name: repo,
          owner: repo.split('/')[0]!,
          name: repo.split('/')[1]!,
          default_branch: 'main',
          source: 'test',
        },
      ]);
      repoIds.set(repo, repos.get(repo)!);
      await replaceServiceLinks(db, `test-${slug}`, [
        {
          serviceId: ids.get(slug)!,
          repositoryIds: [repos.get(repo)!],
          pagerdutyServiceIds: pagerdutyServiceId ? [pagerdutyServiceId] : [],
        },
      ]);
      return repos.get(repo)!;
    },
    async commit(
      repo: string,
      oid: string,
      parents: string[],
      authoredH: number,
      options: { committedH?: number; headline?: string; message?: string; prs?: number[] } = {},
    ) {
      await upsertCommits(db, [
        {
          repository_id: repoIds.get(repo)!,
          oid,
          parent_oids: parents,
          authored_at: at(authoredH),
          committed_at: at(options.committedH ?? authoredH),
          author_login: 'dev',
          author_email: null,
          message_headline: options.headline ?? oid,
          message: options.message ?? null,
          associated_pull_request_numbers: options.prs ?? [],
        },
      ]);
    },
    async pullRequest(
      repo: string,
      number: number,
      p: {
        firstCommitH: number;
        createdH: number;
        reviewH: number | null;
        mergedH: number;
        mergeCommit: string;
        commits?: string[];
        labels?: string[];
      },
    ) {
      await upsertPullRequests(db, [
        {
          repository_id: repoIds.get(repo)!,
          number,
          node_id: null,
          title: `PR ${number}`,
          author_login: 'dev',
          state: 'MERGED',
          draft: false,
          created_at: at(p.createdH),
          updated_at: at(p.mergedH),
          merged_at: at(p.mergedH),
          closed_at: at(p.mergedH),
          merge_commit_oid: p.mergeCommit,
          base_ref: 'main',
          head_ref: `pr-${number}`,
          labels: p.labels ?? [],
          first_commit_authored_at: at(p.firstCommitH),
          first_review_at: p.reviewH === null ? null : at(p.reviewH),
          first_reviewer_login: p.reviewH === null ? null : 'reviewer',
          additions: 1,
          deletions: 1,
          commit_count: (p.commits ?? []).length,
        },
      ]);
      await upsertPullRequestCommits(
        db,
        (p.commits ?? []).map((oid) => ({
          repository_id: repoIds.get(repo)!,
          pull_request_number: number,
          oid,
          authored_at: at(p.firstCommitH),
        })),
      );
    },
    /** A deployment; `successH` null makes it a failed attempt. Returns its derived id ("d<n>"). */
    async deploy(repo: string, environment: string, commit: string, successH: number | null, createdH?: number) {
      const id = ++deploymentId;
      const created = createdH ?? (successH ?? 0) - 0.05;
      await upsertDeployments(db, [
        {
          repository_id: repoIds.get(repo)!,
          source: 'github',
          external_id: String(id),
          environment,
          commit_oid: commit,
          created_at: at(created),
          updated_at: at(successH ?? created + 0.1),
          statuses:
            successH === null
              ? [{ state: 'FAILURE', createdAt: at(created + 0.1).toISOString() }]
              : [
                  { state: 'IN_PROGRESS', createdAt: at(created).toISOString() },
                  { state: 'SUCCESS', createdAt: at(successH).toISOString() },
                ],
        },
      ]);
      const row = await db
        .selectFrom('deployments')
        .select('id')
        .where('external_id', '=', String(id))
        .executeTakeFirstOrThrow();
      return `d${row.id}`;
    },
    async incident(
      key: string,
      pagerdutyServiceId: string,
      createdH: number,
      resolvedH: number | null,
      urgency = 'high',
    ) {
      await upsertIncidents(db, [
        {
          source: 'pagerduty',
          external_id: key,
          number: null,
          pagerduty_service_id: pagerdutyServiceId,
          title: key,
          urgency,
          priority: null,
          status: resolvedH === null ? 'triggered' : 'resolved',
          created_at: at(createdH),
          acknowledged_at: null,
          resolved_at: resolvedH === null ? null : at(resolvedH),
          last_status_change_at: null,
          html_url: null,
        },
      ]);
    },
  };
}
