import type { z } from 'zod';
import type { NewRepository } from '../../db/schema';
import { GithubError, type GithubClient } from './client';
import {
  NAMED_BATCH,
  namedRepositoriesQuery,
  ORGANIZATION_REPOSITORIES_QUERY,
  organizationRepositoriesResponse,
  repositoryNode,
  type RepositoryNode,
} from './queries/repositories';
import { parseResponse } from './scope';

export function toRepositoryRow(node: RepositoryNode): NewRepository {
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
    description: node.description,
    license: node.licenseInfo?.spdxId ?? null,
    delete_branch_on_merge: node.deleteBranchOnMerge,
    pushed_at: node.pushedAt,
    // Listed again: a repository once removed counts again.
    removed_at: null,
    source: 'github',
  };
}

/**
 * Every repository of the configured organisations, then the individually named ones, a page at a
 * time. A named repository GitHub does not show (deleted, or out of the token's sight) is told to
 * `onMissing` and left out; an organisation that cannot be seen fails the listing.
 */
export async function* listRepositories(
  client: GithubClient,
  organizations: readonly string[],
  named: readonly string[],
  onMissing: (fullName: string) => void,
): AsyncGenerator<RepositoryNode[]> {
  for (const login of organizations) {
    let cursor: string | null = null;
    do {
      const data: z.infer<typeof organizationRepositoriesResponse> = parseResponse(
        organizationRepositoriesResponse,
        await client.query(ORGANIZATION_REPOSITORIES_QUERY, { login, cursor }),
        `organization ${login}`,
      );
      if (!data.organization)
        throw new GithubError(
          `GitHub organisation "${login}" was not found or the token cannot see it (github.organizations)`,
        );
      yield data.organization.repositories.nodes;
      cursor = data.organization.repositories.pageInfo.hasNextPage
        ? data.organization.repositories.pageInfo.endCursor
        : null;
    } while (cursor);
  }
  for (let i = 0; i < named.length; i += NAMED_BATCH) {
    const batch = named.slice(i, i + NAMED_BATCH).map((fullName) => {
      const [owner, name] = fullName.split('/') as [string, string];
      return { owner, name };
    });
    const variables = Object.fromEntries(
      batch.flatMap((r, j) => [
        [`owner${j}`, r.owner],
        [`name${j}`, r.name],
      ]),
    );
    const data = await client.query<Record<string, unknown>>(namedRepositoriesQuery(batch), variables);
    yield batch.flatMap((r, j) => {
      const node = data[`r${j}`];
      if (node) return [parseResponse(repositoryNode, node, `${r.owner}/${r.name}`)];
      onMissing(`${r.owner}/${r.name}`);
      return [];
    });
  }
}
