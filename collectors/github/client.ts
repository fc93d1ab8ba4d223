import { graphql, GraphqlResponseError } from '@octokit/graphql';
import type { GithubConfig } from '../../lib/config';
import { redact } from '../../lib/logger';

export interface RateLimit {
  cost: number;
  remaining: number;
  resetAt: string;
}

export interface GithubClient {
  /** Runs a query; every Paved query selects `rateLimit { cost remaining resetAt }`. */
  query<T>(document: string, variables?: Record<string, unknown>): Promise<T>;
  /** GraphQL points and REST calls spent through this client so far. */
  readonly spent: { graphqlPoints: number; restCalls: number };
}

export class GithubError extends Error {
  constructor(message: string) {
    super(redact(message));
    this.name = 'GithubError';
  }
}

/**
 * GraphQL over `@octokit/graphql` on the configured API URL (a GitHub Enterprise Server
 * `https://HOST/api/v3` base reaches `/api/graphql`). `fetch` is injected so tests talk
 * to a local fake over real HTTP.
 */
export function createGithubClient(config: Pick<GithubConfig, 'apiUrl' | 'token'>, fetchImpl: typeof fetch = fetch): GithubClient {
  const client = graphql.defaults({
    baseUrl: config.apiUrl.replace(/\/+$/, ''),
    headers: { authorization: `bearer ${config.token}`, 'user-agent': 'paved' },
    request: { fetch: fetchImpl },
  });
  const spent = { graphqlPoints: 0, restCalls: 0 };
  return {
    spent,
    async query<T>(document: string, variables: Record<string, unknown> = {}): Promise<T> {
      try {
        const data = await client<T & { rateLimit?: RateLimit }>(document, variables);
        spent.graphqlPoints += data.rateLimit?.cost ?? 1;
        return data;
      } catch (error) {
        throw describeGithubError(error, config.apiUrl);
      }
    },
  };
}

export function describeGithubError(error: unknown, apiUrl: string): GithubError {
  if (error instanceof GraphqlResponseError) {
    return new GithubError(`GitHub GraphQL error at ${apiUrl}: ${error.errors?.map((e) => e.message).join('; ') ?? error.message}`);
  }
  const status = (error as { status?: number }).status;
  const response = (error as { response?: unknown }).response;
  const cause = (error as { cause?: { code?: string; message?: string; cause?: { code?: string } } }).cause;
  // Octokit reports a connection failure as a status-500 RequestError without a response.
  if (status === 500 && !response) {
    const reason = cause?.code ?? cause?.cause?.code ?? cause?.message ?? (error as Error).message;
    return new GithubError(`GitHub API at ${apiUrl} is unreachable (${reason}): check github.apiUrl and the network`);
  }
  if (status === 401) return new GithubError(`GitHub at ${apiUrl} rejected the token (401): check github.token`);
  if (status) return new GithubError(`GitHub at ${apiUrl} answered HTTP ${status}: ${(error as Error).message}`);
  const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new GithubError(`GitHub API at ${apiUrl} is unreachable (${reason}): check github.apiUrl and the network`);
}
