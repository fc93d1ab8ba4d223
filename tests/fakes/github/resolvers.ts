import { GraphQLError } from 'graphql';
import { historyOf, type FakeCommit, type FakeOrganisation, type FakePullRequest, type FakeRepository } from './org';

type Args = Record<string, unknown> & { first?: number; last?: number; after?: string; before?: string };

const encode = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64');
function decode(cursor: string): number {
  const match = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString());
  if (!match)
    throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, {
      extensions: { type: 'INVALID_CURSOR_ARGUMENTS' },
    });
  return Number(match[1]);
}

/** A GitHub connection over `items`, mapping only the returned slice. */
export function connection<T, U>(items: readonly T[], args: Args, map: (item: T) => U) {
  let start = args.after ? decode(args.after) + 1 : 0;
  let end = args.before ? decode(args.before) : items.length;
  if (args.first !== undefined) end = Math.min(end, start + args.first);
  if (args.last !== undefined) start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  const nodes = slice.map(map);
  return {
    totalCount: items.length,
    nodes,
    edges: nodes.map((node, i) => ({ node, cursor: encode(start + i) })),
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length ? encode(start) : null,
      endCursor: slice.length ? encode(end - 1) : null,
    },
  };
}

const user = (login: string | null) => (login ? { __typename: login.endsWith('[bot]') ? 'Bot' : 'User', login } : null);

// History listings are recomputed only when the repository's commits change.
const historyCache = new WeakMap<FakeRepository, { size: number; byHead: Map<string, FakeCommit[]> }>();
function cachedHistory(repo: FakeRepository, head: string): FakeCommit[] {
  let entry = historyCache.get(repo);
  if (!entry || entry.size !== repo.commits.size)
    historyCache.set(repo, (entry = { size: repo.commits.size, byHead: new Map() }));
  let list = entry.byHead.get(head);
  if (!list) entry.byHead.set(head, (list = historyOf(repo, head)));
  return list;
}

function commitObject(repo: FakeRepository, c: FakeCommit) {
  return {
    __typename: 'Commit',
    id: `C_${c.oid}`,
    oid: c.oid,
    authoredDate: c.authoredDate,
    committedDate: c.committedDate,
    messageHeadline: c.message.split('\n')[0],
    message: c.message,
    author: {
      email: c.authorEmail,
      name: c.authorLogin,
      user: c.authorLogin && !c.authorLogin.endsWith('[bot]') ? { login: c.authorLogin } : null,
    },
    parents: (args: Args) => connection(c.parents, args, (oid) => ({ __typename: 'Commit', oid })),
    associatedPullRequests: (args: Args) =>
      connection(c.pullRequests, args, (number) => ({ __typename: 'PullRequest', number })),
    history: (args: Args) => {
      const since = args.since as string | undefined;
      const until = args.until as string | undefined;
      const list = cachedHistory(repo, c.oid).filter(
        (h) => (!since || h.committedDate >= since) && (!until || h.committedDate <= until),
      );
      return connection(list, args, (h) => commitObject(repo, h));
    },
  };
}

function pullRequestObject(repo: FakeRepository, p: FakePullRequest) {
  return {
    __typename: 'PullRequest',
    id: `PR_${repo.databaseId}_${p.number}`,
    ...p,
    author: user(p.author),
    mergeCommit: p.mergeCommit ? { __typename: 'Commit', oid: p.mergeCommit } : null,
    labels: (args: Args) => connection(p.labels, args, (name) => ({ name })),
    commits: (args: Args) => connection(p.commits, args, (c) => ({ commit: { __typename: 'Commit', ...c } })),
    reviews: (args: Args) =>
      connection(p.reviews, args, (r) => ({ author: user(r.author), submittedAt: r.submittedAt })),
  };
}

function gitObject(repo: FakeRepository, expression: string) {
  const [rev, path = ''] = expression.split(/:(.*)/s);
  if (rev !== 'HEAD' && rev !== repo.defaultBranch) return null;
  const blob = (text: string) => ({ __typename: 'Blob', text, isBinary: false, byteSize: Buffer.byteLength(text) });
  const tree = (dir: string): unknown => {
    const names = new Map<string, 'blob' | 'tree'>();
    for (const file of Object.keys(repo.files)) {
      if (!file.startsWith(`${dir}/`)) continue;
      const [head, ...rest] = file.slice(dir.length + 1).split('/');
      names.set(head!, rest.length ? 'tree' : 'blob');
    }
    if (names.size === 0) return null;
    return {
      __typename: 'Tree',
      entries: [...names].sort().map(([name, type]) => ({
        name,
        path: `${dir}/${name}`,
        type,
        object: type === 'blob' ? blob(repo.files[`${dir}/${name}`]!) : tree(`${dir}/${name}`),
      })),
    };
  };
  return path in repo.files ? blob(repo.files[path]!) : tree(path);
}

function repositoryObject(repo: FakeRepository) {
  const fullName = `${repo.owner}/${repo.name}`;
  const head = repo.commits.get(repo.head)!;
  const protection = repo.branchProtection as { requiredApprovingReviewCount?: number } | null;
  return {
    __typename: 'Repository',
    id: `R_${repo.databaseId}`,
    databaseId: repo.databaseId,
    name: repo.name,
    nameWithOwner: fullName,
    owner: { __typename: 'Organization', login: repo.owner },
    url: `https://github.com/${fullName}`,
    description: repo.description,
    isArchived: repo.isArchived,
    isFork: repo.isFork,
    visibility: repo.visibility,
    pushedAt: repo.pushedAt,
    deleteBranchOnMerge: repo.deleteBranchOnMerge,
    hasVulnerabilityAlertsEnabled: repo.vulnerabilityAlerts,
    licenseInfo: repo.license ? { spdxId: repo.license } : null,
    defaultBranchRef: {
      name: repo.defaultBranch,
      target: commitObject(repo, head),
      branchProtectionRule: protection
        ? { requiresApprovingReviews: (protection.requiredApprovingReviewCount ?? 0) > 0, ...protection }
        : null,
      rules: (args: Args) =>
        connection(repo.rules ?? [], args, (r) => ({
          type: r.type,
          parameters: r.parameters ? { __typename: r.parametersType, ...r.parameters } : null,
        })),
    },
    repositoryTopics: (args: Args) => connection(repo.topics, args, (name) => ({ topic: { name } })),
    pullRequests: (args: Args) => {
      const order = args.orderBy as { field: string; direction: string } | undefined;
      const field = order?.field === 'UPDATED_AT' ? 'updatedAt' : 'createdAt';
      const states = args.states as string[] | undefined;
      const list = repo.pullRequests
        .filter(
          (p) => (!args.baseRefName || p.baseRefName === args.baseRefName) && (!states || states.includes(p.state)),
        )
        .sort((a, b) => a[field].localeCompare(b[field]) || a.number - b.number);
      if (order?.direction === 'DESC') list.reverse();
      return connection(list, args, (p) => pullRequestObject(repo, p));
    },
    deployments: (args: Args) => {
      const envs = args.environments as string[] | undefined;
      const list = repo.deployments
        .filter((d) => !envs || envs.includes(d.environment))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.databaseId - b.databaseId);
      if ((args.orderBy as { direction?: string } | undefined)?.direction === 'DESC') list.reverse();
      return connection(list, args, (d) => ({
        __typename: 'Deployment',
        id: `DE_${d.databaseId}`,
        ...d,
        ref: d.ref ? { name: d.ref } : null,
        creator: user(d.creator),
        statuses: (a: Args) => connection(d.statuses, a, (s) => s),
        latestStatus: d.statuses.at(-1) ?? null,
      }));
    },
    object: (args: { oid?: string; expression?: string }) => {
      if (args.oid) {
        const c = repo.commits.get(args.oid);
        return c ? commitObject(repo, c) : null;
      }
      return args.expression ? gitObject(repo, args.expression) : null;
    },
  };
}

/** The query root for one fake organisation (graphql's default resolvers call these). */
export function createRootValue(org: FakeOrganisation, rateLimit: () => Record<string, unknown>) {
  const find = (owner: string, name: string) =>
    org.repositories.find(
      (r) => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase(),
    );
  return {
    rateLimit,
    organization: ({ login }: { login: string }) => {
      if (login.toLowerCase() !== org.login.toLowerCase())
        throw new GraphQLError(`Could not resolve to an Organization with the login of '${login}'.`, {
          extensions: { type: 'NOT_FOUND' },
        });
      return {
        login: org.login,
        repositories: (args: Args) => {
          const list = org.repositories
            .filter((r) => args.isArchived === undefined || r.isArchived === args.isArchived)
            .sort((a, b) => a.name.localeCompare(b.name));
          return connection(list, args, repositoryObject);
        },
      };
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = find(owner, name);
      if (!repo)
        throw new GraphQLError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, {
          extensions: { type: 'NOT_FOUND' },
        });
      return repositoryObject(repo);
    },
  };
}
