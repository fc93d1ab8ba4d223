import { DEMO_TEAMS } from '../../../collectors/demo/organisation';
import { generateServiceHistory } from '../../../collectors/demo/generate-history';
import { createRandom, oid } from '../../../collectors/demo/random';
import { generateRepositoryFacts } from '../../../collectors/demo/repository-facts';
import { DAY_MS } from '../../../lib/clock';

/** The fake organisation's data, in GitHub's own terms (what its API would answer). */
export interface FakeCommit {
  oid: string;
  parents: string[];
  authoredDate: string;
  committedDate: string;
  message: string;
  authorLogin: string | null;
  authorEmail: string | null;
  pullRequests: number[];
}

export interface FakePullRequest {
  number: number;
  title: string;
  author: string | null;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  mergeCommit: string | null;
  baseRefName: string;
  headRefName: string;
  labels: string[];
  additions: number;
  deletions: number;
  commits: { oid: string; authoredDate: string }[];
  reviews: { author: string; submittedAt: string }[];
}

export interface FakeDeployment {
  databaseId: number;
  environment: string;
  commitOid: string;
  ref: string | null;
  creator: string | null;
  createdAt: string;
  updatedAt: string;
  statuses: { state: string; createdAt: string; description: string | null }[];
}

export interface FakeRun {
  id: number;
  name: string;
  path: string;
  workflow_id: number;
  run_attempt: number;
  event: string;
  head_branch: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  updated_at: string;
  run_started_at: string;
}

export interface FakeRepository {
  owner: string;
  name: string;
  databaseId: number;
  isArchived: boolean;
  isFork: boolean;
  visibility: 'PRIVATE' | 'PUBLIC' | 'INTERNAL';
  description: string | null;
  pushedAt: string;
  topics: string[];
  defaultBranch: string;
  head: string;
  commits: Map<string, FakeCommit>;
  pullRequests: FakePullRequest[];
  deployments: FakeDeployment[];
  runs: FakeRun[];
  files: Record<string, string>;
  branchProtection: Record<string, unknown> | null;
  deleteBranchOnMerge: boolean;
  vulnerabilityAlerts: boolean;
  license: string | null;
  /** Ruleset rules on the default branch (`Ref.rules`). */
  rules?: { type: string; parametersType?: string; parameters?: Record<string, unknown> }[];
}

export interface FakeOrganisation {
  login: string;
  repositories: FakeRepository[];
}

const iso = (d: Date | string | number) => new Date(d).toISOString().replace('.000Z', 'Z');

/**
 * A deterministic organisation built from the demo history generator: merge, squash and
 * rebase merges, direct pushes, reverts, staging and production deployments, CI runs and
 * scorecard files. `repositories` repositories of `days` days of history ending at `end`.
 */
export function generateFakeOrganisation(options: {
  login?: string;
  repositories: number;
  days: number;
  end: Date;
  seed?: number;
  archived?: number;
}): FakeOrganisation {
  const login = options.login ?? 'acme';
  const rng = createRandom(options.seed ?? 7);
  const end = options.end.getTime();
  const start = end - options.days * DAY_MS;
  const ids = { deployment: 1000, run: 5_000_000, incident: 0 };
  const repositories: FakeRepository[] = [];
  for (let i = 0; i < options.repositories; i++) {
    const team = DEMO_TEAMS[i % DEMO_TEAMS.length]!;
    const service = team.services[Math.floor(i / DEMO_TEAMS.length) % team.services.length]!;
    const name = i < DEMO_TEAMS.length * team.services.length ? service.slug : `${service.slug}-${i}`;
    const fullName = `${login}/${name}`;
    const h = generateServiceHistory({ rng, team, repo: fullName, pagerdutyServiceId: 'PX', start, end, ids });
    const commits = new Map<string, FakeCommit>();
    for (const c of h.commits) {
      commits.set(c.oid, {
        oid: c.oid,
        parents: c.parent_oids as string[],
        authoredDate: iso(c.authored_at as Date),
        committedDate: iso(c.committed_at as Date),
        message: c.message ?? c.message_headline,
        authorLogin: c.author_login ?? null,
        authorEmail: `${c.author_login ?? 'someone'}@acme.example`,
        pullRequests: (c.associated_pull_request_numbers as number[] | undefined) ?? [],
      });
    }
    const prCommits = new Map<number, { oid: string; authoredDate: string }[]>();
    for (const c of h.pullRequestCommits)
      prCommits.set(c.pull_request_number, [
        ...(prCommits.get(c.pull_request_number) ?? []),
        { oid: c.oid, authoredDate: iso(c.authored_at as Date) },
      ]);
    const pullRequests = h.pullRequests.map((p): FakePullRequest => {
      const reviews: FakePullRequest['reviews'] = [];
      // The author's own comment-review comes first: "first review" must skip it.
      if (p.author_login && p.first_review_at)
        reviews.push({
          author: p.author_login,
          submittedAt: iso(new Date(p.first_review_at as Date).getTime() - 60_000),
        });
      if (p.first_reviewer_login && p.first_review_at)
        reviews.push({ author: p.first_reviewer_login, submittedAt: iso(p.first_review_at as Date) });
      return {
        number: p.number,
        title: p.title,
        author: p.author_login ?? null,
        state: p.state as FakePullRequest['state'],
        isDraft: Boolean(p.draft),
        createdAt: iso(p.created_at as Date),
        updatedAt: iso(p.updated_at as Date),
        mergedAt: p.merged_at ? iso(p.merged_at as Date) : null,
        closedAt: p.closed_at ? iso(p.closed_at as Date) : null,
        mergeCommit: p.merge_commit_oid ?? null,
        baseRefName: p.base_ref ?? 'main',
        headRefName: p.head_ref ?? `change-${p.number}`,
        labels: p.labels as string[],
        additions: p.additions ?? 0,
        deletions: p.deletions ?? 0,
        commits: prCommits.get(p.number) ?? [
          { oid: oid(fullName, 'open', p.number), authoredDate: iso(p.first_commit_authored_at as Date) },
        ],
        reviews,
      };
    });
    const deployments = h.deployments.map((d): FakeDeployment => ({
      databaseId: Number(d.external_id),
      environment: d.environment,
      commitOid: d.commit_oid,
      ref: d.ref ?? null,
      creator: d.creator_login ?? null,
      createdAt: iso(d.created_at),
      updatedAt: iso(d.updated_at),
      statuses: d.statuses.map((s) => ({ state: s.state, createdAt: iso(s.createdAt), description: null })),
    }));
    const runs = h.pipelineRuns.map((r): FakeRun => ({
      id: r.run_id,
      name: r.workflow_name,
      path: r.workflow_path ?? '.github/workflows/ci.yml',
      workflow_id: r.workflow_id ?? 1,
      run_attempt: r.attempt ?? 1,
      event: r.event ?? 'push',
      head_branch: r.branch ?? 'main',
      head_sha: r.head_sha ?? '',
      status: r.status,
      conclusion: r.conclusion ?? null,
      html_url: r.html_url ?? '',
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
      run_started_at: iso(r.started_at ?? r.created_at),
    }));
    const facts = generateRepositoryFacts(rng, fullName, service, team.slug, team.goldenPath, options.end);
    const files: Record<string, string> = {};
    for (const [path, f] of Object.entries(facts.files)) if (f.content !== null) files[path] = f.content;
    for (const w of facts.workflows) files[w.path] = w.content;
    const head = mainlineHead(commits);
    repositories.push({
      owner: login,
      name,
      databaseId: 100 + i,
      isArchived: i < (options.archived ?? 0),
      isFork: false,
      visibility: 'PRIVATE',
      description: `${service.name} (${team.name})`,
      pushedAt: commits.get(head)!.committedDate,
      topics: [team.slug, service.type],
      defaultBranch: 'main',
      head,
      commits,
      pullRequests,
      deployments,
      runs,
      files,
      branchProtection: facts.branchProtection,
      deleteBranchOnMerge: facts.repository.deleteBranchOnMerge,
      vulnerabilityAlerts: facts.repository.vulnerabilityAlertsEnabled,
      license: facts.repository.licenseSpdxId,
    });
  }
  return { login, repositories };
}

/** The one commit no other commit names as a parent, newest by date if several. */
function mainlineHead(commits: Map<string, FakeCommit>): string {
  const referenced = new Set<string>();
  for (const c of commits.values()) for (const p of c.parents) referenced.add(p);
  const tips = [...commits.values()].filter((c) => !referenced.has(c.oid));
  tips.sort((a, b) => b.committedDate.localeCompare(a.committedDate));
  return tips[0]!.oid;
}

/** Every commit reachable from `head`, newest committed first (git log's default order). */
export function historyOf(repo: FakeRepository, head: string): FakeCommit[] {
  const seen = new Set<string>();
  const stack = [head];
  const out: FakeCommit[] = [];
  while (stack.length > 0) {
    const oid = stack.pop()!;
    if (seen.has(oid)) continue;
    seen.add(oid);
    const c = repo.commits.get(oid);
    if (!c) continue;
    out.push(c);
    stack.push(...c.parents);
  }
  return out.sort((a, b) => b.committedDate.localeCompare(a.committedDate) || a.oid.localeCompare(b.oid));
}

/** A successful production deployment of the head, as a deploy tool would create it now (`at`). */
export function addDeployment(repo: FakeRepository, at: Date): number {
  const databaseId = 9_000_000 + repo.deployments.length;
  const when = iso(at);
  repo.deployments.push({
    databaseId,
    environment: 'production',
    commitOid: repo.head,
    ref: repo.defaultBranch,
    creator: 'octocat',
    createdAt: when,
    updatedAt: when,
    statuses: [{ state: 'SUCCESS', createdAt: when, description: 'deployed' }],
  });
  return databaseId;
}
