import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyOf, generateFakeOrganisation } from '../../tests/fakes/github/org';
import { startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { runGithubSource } from '../../tests/fakes/github/harness';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';

const NOW = new Date('2026-11-20T12:00:00Z');
const count = async (
  t: TestDatabase,
  table: 'commits' | 'pull_requests' | 'pull_request_commits' | 'deployments' | 'pipeline_runs' | 'repository_facts',
) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('GitHub source against the fake GitHub over HTTP', () => {
  let t: TestDatabase;
  let fake: FakeGithub;
  beforeAll(async () => {
    t = await createTestDatabase();
    // 4 repositories, the first archived; 45 days of history.
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 4, days: 45, end: NOW, archived: 1 }), {
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await fake.close();
    await t.drop();
  });

  it('backfills every stream of every non-archived repository', async () => {
    const run = await runGithubSource(t.db, fake, { now: NOW });
    expect(run.error).toBeNull();
    const active = fake.org.repositories.filter((r) => !r.isArchived);
    const expectedCommits = active.reduce(
      (n, r) =>
        n +
        historyOf(r, r.head).filter((c) => c.committedDate >= new Date(NOW.getTime() - 120 * 86_400_000).toISOString())
          .length,
      0,
    );
    expect(await count(t, 'commits')).toBe(expectedCommits);
    expect(await count(t, 'pull_requests')).toBe(active.reduce((n, r) => n + r.pullRequests.length, 0));
    expect(await count(t, 'deployments')).toBe(active.reduce((n, r) => n + r.deployments.length, 0));
    expect(await count(t, 'pipeline_runs')).toBe(
      active.reduce(
        (n, r) => n + r.runs.filter((x) => x.head_branch === 'main' || x.event === 'pull_request').length,
        0,
      ),
    );
    expect(await count(t, 'repository_facts')).toBe(active.length);
    // Each collected repository knows where its history starts: the backfill's start.
    const starts = await t.db.selectFrom('repositories').select(['archived', 'history_from']).execute();
    for (const r of starts)
      expect(r.history_from).toEqual(r.archived ? null : new Date(NOW.getTime() - 120 * 86_400_000));
    // Topics arrive with the facts, not the 1-point-a-page listing.
    const topics = await t.db
      .selectFrom('repositories')
      .select(['name', 'topics'])
      .where('archived', '=', false)
      .execute();
    expect(Object.fromEntries(topics.map((r) => [r.name, r.topics]))).toEqual(
      Object.fromEntries(active.map((r) => [r.name, r.topics])),
    );
    // The archived repository is listed, never collected.
    const archived = fake.org.repositories[0]!;
    const row = await t.db
      .selectFrom('repositories')
      .selectAll()
      .where('full_name', '=', `acme/${archived.name}`)
      .executeTakeFirstOrThrow();
    expect(row.archived).toBe(true);
    expect(await t.db.selectFrom('commits').select('oid').where('repository_id', '=', row.id).execute()).toEqual([]);
    // Per-repository report of rows and cost.
    for (const r of active)
      expect(run.reports[`acme/${r.name}`]).toMatchObject({
        rows: expect.any(Number),
        graphqlPoints: expect.any(Number),
        restCalls: expect.any(Number),
      });
    expect(run.reports.repositories!.graphqlPoints).toBeGreaterThan(0);
  });

  it('maps a pull request: first non-author review, earliest commit, labels, commits', async () => {
    const repo = fake.org.repositories[1]!;
    const pr = repo.pullRequests.find((p) => p.state === 'MERGED' && p.reviews.length === 2 && p.commits.length > 1)!;
    const row = await t.db
      .selectFrom('pull_requests')
      .innerJoin('repositories', 'repositories.id', 'pull_requests.repository_id')
      .selectAll('pull_requests')
      .where('full_name', '=', `acme/${repo.name}`)
      .where('number', '=', pr.number)
      .executeTakeFirstOrThrow();
    expect(row.first_reviewer_login).toBe(pr.reviews[1]!.author);
    expect(row.first_reviewer_login).not.toBe(pr.author);
    expect(row.first_review_at).toEqual(new Date(pr.reviews[1]!.submittedAt));
    expect(row.first_commit_authored_at).toEqual(new Date(pr.commits.map((c) => c.authoredDate).sort()[0]!));
    expect(row.labels).toEqual(pr.labels);
    expect(row.merge_commit_oid).toBe(pr.mergeCommit);
    const commits = await t.db
      .selectFrom('pull_request_commits')
      .select('oid')
      .where('repository_id', '=', row.repository_id)
      .where('pull_request_number', '=', pr.number)
      .execute();
    expect(commits.map((c) => c.oid).sort()).toEqual(pr.commits.map((c) => c.oid).sort());
  });

  it('stores scorecard facts in the demo shape, with the parsed catalog-info descriptor', async () => {
    const repo = fake.org.repositories.find((r) => !r.isArchived && r.files['catalog-info.yaml'])!;
    const row = await t.db
      .selectFrom('repository_facts')
      .innerJoin('repositories', 'repositories.id', 'repository_facts.repository_id')
      .select('facts')
      .where('full_name', '=', `acme/${repo.name}`)
      .executeTakeFirstOrThrow();
    const facts = row.facts as Record<string, any>;
    expect(Object.keys(facts).sort()).toEqual([
      'branchProtection',
      'catalogInfo',
      'collectedAt',
      'files',
      'lookedUp',
      'repository',
      'workflows',
    ]);
    expect(facts.files['README.md'].content).toBe(repo.files['README.md']);
    expect(facts.workflows.map((w: { path: string }) => w.path)).toEqual(
      Object.keys(repo.files)
        .filter((p) => p.startsWith('.github/workflows/'))
        .sort(),
    );
    expect(facts.catalogInfo).toMatchObject({ kind: 'Component', name: repo.name, projectSlug: `acme/${repo.name}` });
    expect(facts.repository).toMatchObject({
      defaultBranch: 'main',
      deleteBranchOnMerge: repo.deleteBranchOnMerge,
      vulnerabilityAlertsEnabled: repo.vulnerabilityAlerts,
    });
  });

  it('a second sync with nothing new costs only the repository listing, and writes nothing', async () => {
    fake.resetStats();
    const run = await runGithubSource(t.db, fake, { now: NOW });
    expect(run.error).toBeNull();
    expect(Object.keys(fake.stats.byOperation)).toEqual(['OrganizationRepositories']);
    expect(fake.stats.graphqlPoints).toBe(1);
    expect(fake.stats.restCalls).toBe(0);
    for (const [scope, report] of Object.entries(run.reports))
      if (scope !== 'repositories') expect(report.rows).toBe(0);
  });

  it('keeps where the history starts through incremental syncs', async () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    expect((await runGithubSource(t.db, fake, { now: later })).error).toBeNull();
    const starts = await t.db.selectFrom('repositories').select('history_from').where('archived', '=', false).execute();
    for (const r of starts) expect(r.history_from).toEqual(new Date(NOW.getTime() - 120 * 86_400_000));
  });

  it('collects only what changed: a new merge, an updated pull request, a new deployment', async () => {
    const repo = fake.org.repositories[2]!;
    const later = new Date(NOW.getTime() + 3_600_000);
    const at = later.toISOString();
    const parent = repo.head;
    repo.commits.set('f'.repeat(40), {
      oid: 'f'.repeat(40),
      parents: [parent],
      authoredDate: at,
      committedDate: at,
      message: 'Revert "Add caching"\n\nThis reverts commit abcdef1.',
      authorLogin: 'amara',
      authorEmail: null,
      pullRequests: [9001],
    });
    repo.head = 'f'.repeat(40);
    repo.pushedAt = at;
    repo.pullRequests.push({
      number: 9001,
      title: 'Revert "Add caching"',
      author: 'amara',
      state: 'MERGED',
      isDraft: false,
      createdAt: at,
      updatedAt: at,
      mergedAt: at,
      closedAt: at,
      mergeCommit: 'f'.repeat(40),
      baseRefName: 'main',
      headRefName: 'revert',
      labels: ['hotfix'],
      additions: 1,
      deletions: 1,
      commits: [{ oid: 'e'.repeat(40), authoredDate: at }],
      reviews: [],
    });
    repo.deployments.push({
      databaseId: 99_999,
      environment: 'production',
      commitOid: 'f'.repeat(40),
      ref: 'main',
      creator: 'deploy-bot',
      createdAt: at,
      updatedAt: at,
      statuses: [{ state: 'IN_PROGRESS', createdAt: at, description: null }],
    });
    fake.resetStats();
    const run = await runGithubSource(t.db, fake, { now: later });
    expect(run.error).toBeNull();
    expect(run.reports[`acme/${repo.name}`]!.rows).toBeGreaterThanOrEqual(4);
    const revert = await t.db
      .selectFrom('commits')
      .select(['message', 'associated_pull_request_numbers'])
      .where('oid', '=', 'f'.repeat(40))
      .executeTakeFirstOrThrow();
    expect(revert).toEqual({
      message: 'Revert "Add caching"\n\nThis reverts commit abcdef1.',
      associated_pull_request_numbers: [9001],
    });
    // The deployment is still in flight: the next sync re-reads it and sees it succeed.
    repo.deployments.at(-1)!.statuses.push({
      state: 'SUCCESS',
      createdAt: new Date(later.getTime() + 60_000).toISOString(),
      description: null,
    });
    await runGithubSource(t.db, fake, { now: new Date(later.getTime() + 120_000) });
    const deployment = await t.db
      .selectFrom('deployments')
      .select(['latest_state', 'deployed_at'])
      .where('external_id', '=', '99999')
      .executeTakeFirstOrThrow();
    expect(deployment.latest_state).toBe('SUCCESS');
  });

  it('survives a force-push: rewritten history is collected from the new head', async () => {
    const repo = fake.org.repositories[3]!;
    const history = historyOf(repo, repo.head);
    const base = history[5]!;
    const at = new Date(NOW.getTime() + 7_200_000).toISOString();
    repo.commits.set('d'.repeat(40), {
      oid: 'd'.repeat(40),
      parents: [base.oid],
      authoredDate: at,
      committedDate: at,
      message: 'Rewritten',
      authorLogin: 'bo',
      authorEmail: null,
      pullRequests: [],
    });
    repo.head = 'd'.repeat(40);
    repo.pushedAt = at;
    const run = await runGithubSource(t.db, fake, { now: new Date(NOW.getTime() + 7_300_000) });
    expect(run.error).toBeNull();
    expect(
      await t.db
        .selectFrom('commits')
        .select('parent_oids')
        .where('oid', '=', 'd'.repeat(40))
        .executeTakeFirstOrThrow(),
    ).toEqual({ parent_oids: [base.oid] });
  });

  it('fetches the files the scorecards read, globs included, and again when that set changes', async () => {
    const repo = fake.org.repositories.find(
      (r) => !r.isArchived && Object.keys(r.files).some((p) => p.startsWith('docs/adr/')),
    )!;
    expect(repo).toBeDefined();
    fake.resetStats();
    const run = await runGithubSource(t.db, fake, { now: NOW, factPaths: ['docs/adr/*.md', 'docs/ARCHITECTURE.md'] });
    expect(run.error).toBeNull();
    expect(fake.stats.byOperation.RepositoryFacts?.requests).toBeGreaterThan(0);
    const row = await t.db
      .selectFrom('repository_facts')
      .innerJoin('repositories', 'repositories.id', 'repository_facts.repository_id')
      .select('facts')
      .where('full_name', '=', `acme/${repo.name}`)
      .executeTakeFirstOrThrow();
    const facts = row.facts as { files: Record<string, unknown>; lookedUp: string[] };
    const adr = Object.keys(repo.files).filter((p) => /^docs\/adr\/[^/]*\.md$/.test(p));
    for (const path of adr) expect(facts.files[path]).toBeDefined();
    expect(facts.lookedUp).toEqual(expect.arrayContaining(['docs/adr/*.md', 'docs/ARCHITECTURE.md', 'README.md']));
    expect(facts.files['docs/ARCHITECTURE.md']).toBeUndefined();
  });
});
