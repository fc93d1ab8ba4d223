import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployTimeOf } from '../../db/writes/github';
import { readCsv } from '../../tests/helpers/csv';
import { deploymentNode } from './queries/deployments';
import { pullRequestNode } from './queries/pull-requests';
import { toDeploymentInput } from './streams/deployments';
import { toPipelineRunRow, workflowRun } from './streams/actions-runs';
import { toPullRequestRows } from './streams/pull-requests';

/** DevLake stores GraphQL nodes as Go structs (PascalCase keys): back to GitHub's camelCase. */
function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0]!.toLowerCase() + k.slice(1), camelize(v)]));
  return value;
}

const instant = (text: string) => (text ? new Date(text.replace(/\.000\+00:00$/, 'Z')).toISOString() : null);
const iso = (value: unknown) =>
  value === null || value === undefined ? null : new Date(value as string).toISOString();

describe("DevLake's recorded GitHub responses through Paved's mappers", () => {
  const dir = 'devlake-github';

  it('GraphQL deployments (facebook/OpenBIC): commit, environment, created date, and the deploy time where the rules coincide', () => {
    const raw = readCsv(path.join(dir, 'github_graphql/raw_tables/_raw_github_graphql_deployment.csv'));
    const expected = new Map(
      readCsv(path.join(dir, 'github_graphql/snapshot_tables/cicd_deployments.csv')).map((r) => [
        r.id!.split(':').at(-1)!,
        r,
      ]),
    );
    expect(raw).toHaveLength(7);
    let compared = 0;
    for (const row of raw) {
      const d = camelize(JSON.parse(row.data!)) as Record<string, any>;
      // Deployment statuses are immutable, so their updatedAt (what DevLake asked for) is their createdAt.
      const node = deploymentNode.parse({
        ...d,
        creator: null,
        statuses: { nodes: (d.statuses?.nodes ?? []).map((s: any) => ({ state: s.state, createdAt: s.updatedAt })) },
      });
      const input = toDeploymentInput(1, node);
      const want = expected.get(d.id)!;
      expect(input.commit_oid).toBe(want.name);
      expect(input.environment).toBe(want.environment);
      expect(iso(input.created_at)).toBe(instant(want.created_date!));
      const successes = input.statuses.filter((s) => s.state === 'SUCCESS');
      // DevLake: newest SUCCESS; Paved: earliest SUCCESS. Same when there is exactly one.
      if (successes.length === 1) {
        expect(deployTimeOf(input.statuses)).toBe(instant(want.finished_date!));
        compared++;
      }
      // No statuses: DevLake falls back to updatedAt, Paved records no deploy time (never reached SUCCESS as far as we know).
      if (input.statuses.length === 0) expect(deployTimeOf(input.statuses)).toBeNull();
    }
    expect(compared).toBe(2);
  });

  it('REST Actions runs (panjf2000/ants): identity, commit, branch, dates and durations of finished runs', () => {
    const raw = readCsv(path.join(dir, 'github/raw_tables/_raw_github_api_runs.csv')).filter(
      (r) => JSON.parse(r.params!).ConnectionId === 1,
    );
    const tool = new Map(
      readCsv(path.join(dir, 'github/snapshot_tables/_tool_github_runs.csv')).map((r) => [Number(r.id), r]),
    );
    const pipelines = new Map(
      readCsv(path.join(dir, 'github/snapshot_tables/cicd_pipelines.csv')).map((r) => [
        Number(r.id!.split(':').at(-1)),
        r,
      ]),
    );
    expect(raw).toHaveLength(35);
    for (const row of raw) {
      const run = toPipelineRunRow(1, workflowRun.parse(JSON.parse(row.data!)));
      const want = tool.get(run.run_id)!;
      expect([
        run.workflow_name,
        run.branch,
        run.head_sha,
        run.workflow_path,
        run.event,
        run.workflow_id,
        run.attempt,
      ]).toEqual([
        want.name,
        want.head_branch,
        want.head_sha,
        want.path,
        want.event,
        Number(want.workflow_id),
        Number(want.run_attempt),
      ]);
      expect([iso(run.created_at), iso(run.started_at), iso(run.updated_at)]).toEqual([
        instant(want.github_created_at!),
        instant(want.run_started_at!),
        instant(want.github_updated_at!),
      ]);
      const pipeline = pipelines.get(run.run_id)!;
      if (pipeline.status === 'DONE') {
        expect(iso(run.completed_at)).toBe(instant(pipeline.finished_date!));
        expect((Date.parse(run.completed_at as string) - Date.parse(run.started_at as string)) / 1000).toBe(
          Number(pipeline.duration_sec),
        );
      }
      if (pipeline.status === 'IN_PROGRESS') expect(run.completed_at).toBeNull();
    }
  });

  it('GraphQL pull requests (apache/incubator-devlake): 161 nodes, state, dates, merge commit, size, refs', () => {
    const raw = readCsv(path.join(dir, 'history/github_graphql-next/_raw_github_graphql_prs.csv'));
    const expected = new Map(
      readCsv(path.join(dir, 'history/github_graphql-next/_tool_github_pull_requests.csv'))
        .filter((r) => r.repo_id === '384111310')
        .map((r) => [Number(r.number), r]),
    );
    expect(raw).toHaveLength(161);
    for (const row of raw) {
      const d = camelize(JSON.parse(row.data!)) as Record<string, any>;
      const node = pullRequestNode.parse({
        ...d,
        id: String(d.databaseId),
        author: d.author?.login ? { login: d.author.login } : null,
        labels: { nodes: (d.labels?.nodes ?? []).map((l: any) => ({ name: l.name })) },
        commits: {
          totalCount: d.commits.totalCount,
          nodes: d.commits.nodes.map((c: any) => ({
            commit: { oid: c.commit.oid, authoredDate: c.commit.author.date },
          })),
        },
        reviews: {
          nodes: (d.reviews?.nodes ?? []).map((r: any) => ({
            author: r.author?.login ? { login: r.author.login } : null,
            submittedAt: r.submittedAt,
          })),
        },
      });
      const { pullRequest: pr, commits } = toPullRequestRows(1, node);
      const want = expected.get(pr.number)!;
      expect([
        pr.state,
        pr.title,
        pr.additions,
        pr.deletions,
        pr.merge_commit_oid ?? '',
        pr.head_ref,
        pr.base_ref,
      ]).toEqual([
        want.state,
        want.title,
        Number(want.additions),
        Number(want.deletions),
        want.merge_commit_sha,
        want.head_ref,
        want.base_ref,
      ]);
      expect([iso(pr.created_at), iso(pr.updated_at), iso(pr.closed_at)]).toEqual([
        instant(want.github_created_at!),
        instant(want.github_updated_at!),
        instant(want.closed_at!),
      ]);
      if (pr.state === 'MERGED') expect(iso(pr.merged_at)).toBe(instant(want.merged_at!));
      if (want.author_name) expect(pr.author_login).toBe(want.author_name);
      // Not in DevLake's snapshot, checked from the node itself: the earliest instant across offsets, and no self-review.
      const earliest = d.commits.nodes
        .map((c: any) => Date.parse(c.commit.author.date))
        .sort((a: number, b: number) => a - b)[0];
      expect(pr.first_commit_authored_at ? Date.parse(pr.first_commit_authored_at as string) : undefined).toBe(
        earliest,
      );
      expect(pr.first_reviewer_login === null || pr.first_reviewer_login !== pr.author_login).toBe(true);
      expect(commits).toHaveLength(d.commits.nodes.length);
    }
  });
});
