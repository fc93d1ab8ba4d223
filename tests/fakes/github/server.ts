import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { githubSchema } from '../../github/schema';
import { computeCost } from './cost';
import type { FakeOrganisation } from './org';
import { createRootValue } from './resolvers';

export type Fault = '502' | '504' | 'secondary' | 'rate-limited';

export interface FakeGithubStats {
  graphqlRequests: number;
  graphqlPoints: number;
  restCalls: number;
  byOperation: Record<string, { requests: number; points: number }>;
}

export interface FakeGithub {
  url: string;
  org: FakeOrganisation;
  stats: FakeGithubStats;
  /** The primary GraphQL budget; tests lower `remaining` to exercise the floor. */
  budget: { limit: number; remaining: number; resetAt: Date };
  /** Faults answered, in order, instead of the next requests (`channel` picks GraphQL or REST). */
  inject(fault: Fault, options?: { channel?: 'graphql' | 'rest'; count?: number }): void;
  resetStats(): void;
  close(): Promise<void>;
}

const TOKEN = 'fake-token';
export const FAKE_GITHUB_TOKEN = TOKEN;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8',
    ...headers,
  });
  res.end(text);
}

/**
 * A local GitHub over real HTTP: GraphQL executed against the published schema with
 * resolvers backed by `org` (validation, pagination limits, cost, rate limit and error
 * shapes as GitHub documents them), and the REST workflow-runs listing.
 */
export async function startFakeGithub(
  org: FakeOrganisation,
  options: { now?: () => Date; pathPrefix?: string; pointsPerHour?: number } = {},
): Promise<FakeGithub> {
  const now = options.now ?? (() => new Date());
  const prefix = options.pathPrefix ?? '';
  const schema = githubSchema();
  const faults: { fault: Fault; channel?: 'graphql' | 'rest' }[] = [];
  const stats: FakeGithubStats = { graphqlRequests: 0, graphqlPoints: 0, restCalls: 0, byOperation: {} };
  const budget = {
    limit: options.pointsPerHour ?? 5000,
    remaining: options.pointsPerHour ?? 5000,
    resetAt: new Date(now().getTime() + 3_600_000),
  };
  let lastCost = 0;
  const root = createRootValue(org, () => ({
    cost: lastCost,
    remaining: budget.remaining,
    resetAt: budget.resetAt.toISOString(),
    limit: budget.limit,
    used: budget.limit - budget.remaining,
    nodeCount: 0,
  }));
  const rateHeaders = () => ({
    'x-ratelimit-limit': String(budget.limit),
    'x-ratelimit-remaining': String(budget.remaining),
    'x-ratelimit-reset': String(Math.floor(budget.resetAt.getTime() / 1000)),
  });

  const takeFault = (channel: 'graphql' | 'rest') => {
    const index = faults.findIndex((f) => !f.channel || f.channel === channel);
    return index === -1 ? null : faults.splice(index, 1)[0]!.fault;
  };

  const answerFault = (res: http.ServerResponse, fault: Fault, channel: 'graphql' | 'rest') => {
    if (fault === '502' || fault === '504')
      return send(
        res,
        Number(fault),
        `<html><body><h1>${fault} ${fault === '502' ? 'Bad Gateway' : 'Gateway Timeout'}</h1></body></html>`,
      );
    if (fault === 'secondary')
      return send(
        res,
        403,
        {
          message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        },
        { 'retry-after': '7' },
      );
    const headers = { ...rateHeaders(), 'x-ratelimit-remaining': '0' };
    if (channel === 'rest') return send(res, 403, { message: 'API rate limit exceeded for user ID 1.' }, headers);
    return send(
      res,
      200,
      { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] },
      headers,
    );
  };

  const graphqlAnswer = (body: {
    query?: string;
    variables?: Record<string, unknown>;
  }): { status: number; body: unknown } => {
    let document: DocumentNode;
    try {
      document = parse(body.query ?? '');
    } catch (error) {
      return {
        status: 200,
        body: { errors: [{ message: (error as GraphQLError).message, locations: (error as GraphQLError).locations }] },
      };
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0)
      return {
        status: 200,
        body: {
          errors: invalid.map((e) => ({
            path: e.path,
            extensions: e.extensions,
            locations: e.locations,
            message: e.message,
          })),
        },
      };
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )!;
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    const variables = body.variables ?? {};
    const cost = computeCost(schema, operation, fragments, variables);
    if (cost.errors.length > 0) return { status: 200, body: { errors: cost.errors } };
    if (budget.remaining < cost.cost)
      return {
        status: 200,
        body: { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] },
      };
    budget.remaining -= cost.cost;
    lastCost = cost.cost;
    stats.graphqlPoints += cost.cost;
    const name = operation.name?.value ?? 'anonymous';
    const entry = (stats.byOperation[name] ??= { requests: 0, points: 0 });
    entry.requests += 1;
    entry.points += cost.cost;
    const result = execute({ schema, document, rootValue: root, variableValues: variables }) as {
      data?: unknown;
      errors?: readonly GraphQLError[];
    };
    const errors = result.errors?.map((e) => ({
      type: (e.extensions?.type as string | undefined) ?? 'INTERNAL',
      path: e.path,
      locations: e.locations,
      message: e.message,
    }));
    return { status: 200, body: errors ? { data: result.data ?? null, errors } : { data: result.data } };
  };

  const runsAnswer = (owner: string, name: string, search: URLSearchParams) => {
    const repo = org.repositories.find((r) => r.owner === owner && r.name === name);
    if (!repo)
      return {
        status: 404,
        body: {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository',
        },
      };
    const perPage = Math.min(100, Number(search.get('per_page') ?? 30));
    const page = Math.max(1, Number(search.get('page') ?? 1));
    const created = search.get('created') ?? '';
    let from = '';
    let to = '\uffff';
    const range = /^(.*)\.\.(.*)$/.exec(created);
    if (range) [from, to] = [range[1]!, range[2]!];
    else if (created.startsWith('>=')) from = created.slice(2);
    else if (created.startsWith('<=')) to = created.slice(2);
    const inRange = (at: string) =>
      (!from || Date.parse(at) >= Date.parse(from)) && (to === '\uffff' || Date.parse(at) <= Date.parse(to));
    const branch = search.get('branch');
    const all = repo.runs
      .filter((r) => inRange(r.created_at) && (!branch || r.head_branch === branch))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
    // GitHub serves at most 1,000 results of a filtered listing.
    const capped = created || branch ? all.slice(0, 1000) : all;
    return {
      status: 200,
      body: { total_count: all.length, workflow_runs: capped.slice((page - 1) * perPage, page * perPage) },
    };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      // Out-of-band statistics for a benchmark running the fake in another process.
      if (path === '/_fake/stats') return send(res, 200, stats);
      if (req.method === 'POST' && path === '/_fake/reset-stats') {
        Object.assign(stats, { graphqlRequests: 0, graphqlPoints: 0, restCalls: 0, byOperation: {} });
        return send(res, 200, stats);
      }
      if (req.headers.authorization?.replace(/^(bearer|token) /i, '') !== TOKEN)
        return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
      if (req.method === 'POST' && (path === '/graphql' || url.pathname === '/api/graphql')) {
        stats.graphqlRequests += 1;
        const fault = takeFault('graphql');
        if (fault) return answerFault(res, fault, 'graphql');
        const answer = graphqlAnswer(JSON.parse(Buffer.concat(chunks).toString() || '{}'));
        return send(res, answer.status, answer.body, rateHeaders());
      }
      const runs = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/.exec(path);
      if (req.method === 'GET' && runs) {
        stats.restCalls += 1;
        const fault = takeFault('rest');
        if (fault) return answerFault(res, fault, 'rest');
        const answer = runsAnswer(runs[1]!, runs[2]!, url.searchParams);
        return send(res, answer.status, answer.body, rateHeaders());
      }
      send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    org,
    stats,
    budget,
    inject(fault, opts = {}) {
      for (let i = 0; i < (opts.count ?? 1); i++) faults.push({ fault, channel: opts.channel });
    },
    resetStats() {
      Object.assign(stats, { graphqlRequests: 0, graphqlPoints: 0, restCalls: 0, byOperation: {} });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
