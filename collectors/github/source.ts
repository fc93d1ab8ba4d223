import type { z } from 'zod';
import type { NewRepository } from '../../db/schema';
import { upsertRepositories } from '../../db/writes/github';
import type { Source } from '../source';
import { createGithubClient, GithubError, type GithubClient } from './client';
import {
  namedRepositoriesQuery,
  ORGANIZATION_REPOSITORIES_QUERY,
  organizationRepositoriesResponse,
  repositoryNode,
  type RepositoryNode,
} from './queries/repositories';

const NAMED_BATCH = 50;

function toRepositoryRow(node: RepositoryNode): NewRepository {
  return {
    full_name: node.nameWithOwner,
    owner: node.owner.login,
    name: node.name,
    node_id: node.id,
    url: node.url,
    default_branch: node.defaultBranchRef?.name ?? null,
    archived: node.isArchived,
    fork: node.isFork,
    visibility: node.visibility.toLowerCase(),
    topics: node.repositoryTopics.nodes.map((n) => n.topic.name),
    description: node.description,
    license: node.licenseInfo?.spdxId ?? null,
    delete_branch_on_merge: node.deleteBranchOnMerge,
    pushed_at: node.pushedAt,
    source: 'github',
  };
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new GithubError(`unexpected GitHub response for ${what}: ${issue.path.map(String).join('.')}: ${issue.message}`);
}

/** Every repository of the configured organisations, then the individually named ones. */
export async function* listRepositories(client: GithubClient, organizations: readonly string[], named: readonly string[]): AsyncGenerator<RepositoryNode[]> {
  for (const login of organizations) {
    let cursor: string | null = null;
    do {
      const data: z.infer<typeof organizationRepositoriesResponse> = parse(organizationRepositoriesResponse, await client.query(ORGANIZATION_REPOSITORIES_QUERY, { login, cursor }), `organization ${login}`);
      if (!data.organization) throw new GithubError(`GitHub organisation "${login}" was not found or the token cannot see it`);
      yield data.organization.repositories.nodes;
      cursor = data.organization.repositories.pageInfo.hasNextPage ? data.organization.repositories.pageInfo.endCursor : null;
    } while (cursor);
  }
  for (let i = 0; i < named.length; i += NAMED_BATCH) {
    const batch = named.slice(i, i + NAMED_BATCH).map((fullName) => {
      const [owner, name] = fullName.split('/') as [string, string];
      return { owner, name };
    });
    const variables = Object.fromEntries(batch.flatMap((r, j) => [[`owner${j}`, r.owner], [`name${j}`, r.name]]));
    const data = await client.query<Record<string, unknown>>(namedRepositoriesQuery(batch), variables);
    const nodes = batch.map((r, j) => {
      const node = data[`r${j}`];
      if (!node) throw new GithubError(`GitHub repository "${r.owner}/${r.name}" was not found or the token cannot see it (github.repositories)`);
      return parse(repositoryNode, node, `${r.owner}/${r.name}`);
    });
    yield nodes;
  }
}

export const githubSource: Source = {
  id: 'github',
  isConfigured: (config) => Boolean(config.github),
  async run(ctx) {
    const config = ctx.config.github!;
    const client = createGithubClient(config, ctx.fetch);
    let rows = 0;
    for await (const page of listRepositories(client, config.organizations, config.repositories)) {
      rows += (await upsertRepositories(ctx.db, page.map(toRepositoryRow))).size;
      ctx.log.info(`repositories: ${rows} so far`);
    }
    ctx.report('repositories', { rows, graphqlPoints: client.spent.graphqlPoints, restCalls: client.spent.restCalls });
  },
};
