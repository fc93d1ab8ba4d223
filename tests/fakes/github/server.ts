import { randomBytes, type KeyObject } from 'node:crypto';
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
import {
  deliver,
  faultDraw,
  isTransportFault,
  TRANSPORT_FAULTS,
  type RandomFaults,
  type Timers,
  type TransportFault,
} from '../faults';
import { verifyAppJwt } from './app-jwt';

/** HTTP-level faults answer instead of the request; transport faults spoil the real answer (see ../faults.ts). */
export type Fault =
  '500' | '502' | '503' | '504' | '429' | 'secondary' | 'rate-limited' | 'something-went-wrong' | TransportFault;

const ALL_FAULTS: readonly Fault[] = [
  '500',
  '502',
  '503',
  '504',
  '429',
  'secondary',
  'rate-limited',
  'something-went-wrong',
  ...TRANSPORT_FAULTS,
];
/** What each channel's random faults are drawn from: "something went wrong" is GraphQL's own. */
export const FAULT_KINDS = {
  graphql: ALL_FAULTS,
  rest: ALL_FAULTS.filter((f) => f !== 'something-went-wrong'),
} as const;
type Channel = keyof typeof FAULT_KINDS;

export interface FakeGithubStats {
  graphqlRequests: number;
  graphqlPoints: number;
  restCalls: number;
  byOperation: Record<string, { requests: number; points: number }>;
}

type Budget = { limit: number; remaining: number; resetAt: Date };

/** A GitHub App registered with the fake: its public key and where it is installed. */
export interface FakeGithubAppOptions {
  appId: number;
  publicKey: KeyObject;
  installations: { id: number; login: string }[];
  /** Each installation's GraphQL budget (GitHub gives Apps on organisations more than a token's 5,000). */
  pointsPerHour?: number;
  /** Each installation's REST budget (likewise; 12,500 for a large organisation). */
  requestsPerHour?: number;
}

export interface FakeGithubApp {
  /** Installation tokens issued so far, and App JWTs accepted. */
  tokensIssued: number;
  jwtsAccepted: number;
  /** Per installation id: its own GraphQL budget, and its own REST budget. */
  budgets: Map<number, Budget>;
  restBudgets: Map<number, Budget>;
  /** Every installation token issued so far stops working (as at its expiry). */
  expireTokens(): void;
}

export interface FakeGithub {
  url: string;
  /** Present when started with `app`. */
  app: FakeGithubApp | null;
  org: FakeOrganisation;
  stats: FakeGithubStats;
  /** The token's GraphQL budget; tests lower `remaining` to exercise the floor. */
  budget: { limit: number; remaining: number; resetAt: Date };
  /** The token's REST budget ("core"), separate from GraphQL's as on GitHub: one request each. */
  restBudget: { limit: number; remaining: number; resetAt: Date };
  /** Faults answered, in order, instead of the next requests (`channel` picks GraphQL or REST). */
  inject(fault: Fault, options?: { channel?: Channel; count?: number }): void;
  /** Faults served so far (injected and random), by `channel fault`. */
  faultsServed: Record<string, number>;
  resetStats(): void;
  close(): Promise<void>;
}

const TOKEN = 'fake-token';
export const FAKE_GITHUB_TOKEN = TOKEN;

interface Delivery {
  fault: TransportFault | null;
  slowMs: number;
  timers: Timers;
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  delivery?: Delivery,
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const contentType = typeof body === 'string' ? 'text/html' : 'application/json; charset=utf-8';
  deliver(res, { status, text, headers: { 'content-type': contentType, ...headers } }, delivery?.fault ?? null, {
    slowMs: delivery?.slowMs ?? 0,
    timers: delivery?.timers ?? new Set(),
  });
}

const GATEWAY_TITLES: Record<string, string> = {
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
};

/**
 * A local GitHub over real HTTP: GraphQL executed against the published schema with
 * resolvers backed by `org` (validation, pagination limits, cost, rate limit and error
 * shapes as GitHub documents them), and the REST workflow-runs listing.
 */
export async function startFakeGithub(
  org: FakeOrganisation,
  options: {
    now?: () => Date;
    pathPrefix?: string;
    pointsPerHour?: number;
    /** The token's REST budget per hour (GitHub: 5,000 for a personal token). */
    requestsPerHour?: number;
    /** A GitHub App that may authenticate (besides the personal token). */
    app?: FakeGithubAppOptions;
    /** A share of requests, chosen by a seeded draw, answered with faults of every kind. */
    randomFaults?: RandomFaults;
  } = {},
): Promise<FakeGithub> {
  const now = options.now ?? (() => new Date());
  const prefix = options.pathPrefix ?? '';
  const schema = githubSchema();
  const faults: { fault: Fault; channel?: Channel }[] = [];
  const faultsServed: Record<string, number> = {};
  const random = options.randomFaults;
  const draws = random && {
    graphql: faultDraw(FAULT_KINDS.graphql, random),
    rest: faultDraw(FAULT_KINDS.rest, { ...random, seed: random.seed + 1 }),
  };
  const timers: Timers = new Set();
  const stats: FakeGithubStats = { graphqlRequests: 0, graphqlPoints: 0, restCalls: 0, byOperation: {} };
  const newBudget = (points: number): Budget => ({
    limit: points,
    remaining: points,
    resetAt: new Date(now().getTime() + 3_600_000),
  });
  const tokenBudget = newBudget(options.pointsPerHour ?? 5000);
  const tokenRestBudget = newBudget(options.requestsPerHour ?? 5000);
  // The budgets of the credentials of the request being answered (answers are computed synchronously).
  let budget = tokenBudget;
  let restBudget = tokenRestBudget;
  const appOptions = options.app;
  const app: FakeGithubApp | null = appOptions
    ? {
        tokensIssued: 0,
        jwtsAccepted: 0,
        budgets: new Map(appOptions.installations.map((i) => [i.id, newBudget(appOptions.pointsPerHour ?? 15_000)])),
        restBudgets: new Map(
          appOptions.installations.map((i) => [i.id, newBudget(appOptions.requestsPerHour ?? 12_500)]),
        ),
        expireTokens: () => {
          for (const issued of installationTokens.values()) issued.expiresAt = new Date(0);
        },
      }
    : null;
  const installationTokens = new Map<string, { installationId: number; expiresAt: Date }>();
  let lastCost = 0;
  const root = createRootValue(org, () => ({
    cost: lastCost,
    remaining: budget.remaining,
    resetAt: budget.resetAt.toISOString(),
    limit: budget.limit,
    used: budget.limit - budget.remaining,
    nodeCount: 0,
  }));
  /** The budgets a bearer credential spends, or null when GitHub would answer 401. */
  const budgetOf = (authorization: string | undefined): { graphql: Budget; rest: Budget } | null => {
    const bearer = authorization?.replace(/^(bearer|token) /i, '');
    if (bearer === TOKEN) return { graphql: tokenBudget, rest: tokenRestBudget };
    const issued = bearer ? installationTokens.get(bearer) : undefined;
    if (!issued || issued.expiresAt.getTime() <= now().getTime()) return null;
    return { graphql: app!.budgets.get(issued.installationId)!, rest: app!.restBudgets.get(issued.installationId)! };
  };

  /** The App endpoints, authenticated with the App's JWT: installations and their tokens. */
  const appAnswer = async (
    req: http.IncomingMessage,
    path: string,
    url: URL,
  ): Promise<{ status: number; body: unknown }> => {
    const unauthorized = (message: string) => ({
      status: 401,
      body: { message, documentation_url: 'https://docs.github.com/rest' },
    });
    if (!appOptions) return { status: 404, body: { message: 'Not Found' } };
    const verdict = await verifyAppJwt(req.headers.authorization, appOptions.appId, appOptions.publicKey);
    if (!verdict.ok) return unauthorized(verdict.message);
    app!.jwtsAccepted += 1;
    if (req.method === 'GET' && path === '/app/installations') {
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      return {
        status: 200,
        body: appOptions.installations.slice((page - 1) * perPage, page * perPage).map((i) => ({
          id: i.id,
          app_id: appOptions.appId,
          account: { login: i.login, type: 'Organization' },
          target_type: 'Organization',
        })),
      };
    }
    const tokenRequest = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    const installation = tokenRequest && appOptions.installations.find((i) => i.id === Number(tokenRequest[1]));
    if (req.method !== 'POST' || !installation) return { status: 404, body: { message: 'Not Found' } };
    const token = `ghs_${randomBytes(18).toString('base64url')}`;
    const expiresAt = new Date(now().getTime() + 3_600_000);
    installationTokens.set(token, { installationId: installation.id, expiresAt });
    app!.tokensIssued += 1;
    return {
      status: 201,
      body: {
        token,
        expires_at: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        permissions: {
          contents: 'read',
          metadata: 'read',
          pull_requests: 'read',
          deployments: 'read',
          actions: 'read',
          administration: 'read',
        },
        repository_selection: 'all',
      },
    };
  };
  /** GitHub's rate-limit headers: GraphQL answers carry the points budget, REST ones the "core" budget. */
  const rateHeaders = (channel: Channel) => {
    const spent = channel === 'rest' ? restBudget : budget;
    return {
      'x-ratelimit-limit': String(spent.limit),
      'x-ratelimit-remaining': String(spent.remaining),
      'x-ratelimit-used': String(spent.limit - spent.remaining),
      'x-ratelimit-reset': String(Math.floor(spent.resetAt.getTime() / 1000)),
      'x-ratelimit-resource': channel === 'rest' ? 'core' : 'graphql',
    };
  };

  const takeFault = (channel: Channel): Fault | null => {
    const index = faults.findIndex((f) => !f.channel || f.channel === channel);
    const fault = index === -1 ? (draws?.[channel]() ?? null) : faults.splice(index, 1)[0]!.fault;
    if (fault) faultsServed[`${channel} ${fault}`] = (faultsServed[`${channel} ${fault}`] ?? 0) + 1;
    return fault;
  };

  /** Sends the real answer, spoiled by a transport fault, or answers an HTTP-level fault instead. */
  const answer = (
    res: http.ServerResponse,
    channel: Channel,
    fault: Fault | null,
    real: () => { status: number; body: unknown },
  ) => {
    if (fault && !isTransportFault(fault)) return answerFault(res, fault, channel);
    if (fault === 'reset') return void res.socket?.destroy();
    const { status, body } = real();
    send(res, status, body, rateHeaders(channel), { fault, slowMs: random?.slowMs ?? 1000, timers });
  };

  const answerFault = (res: http.ServerResponse, fault: Exclude<Fault, TransportFault>, channel: Channel) => {
    if (fault in GATEWAY_TITLES)
      return send(res, Number(fault), `<html><body><h1>${fault} ${GATEWAY_TITLES[fault]}</h1></body></html>`);
    if (fault === '429')
      return send(
        res,
        429,
        { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        { 'retry-after': '3' },
      );
    if (fault === 'something-went-wrong')
      return send(res, channel === 'graphql' ? 200 : 500, {
        data: null,
        errors: [
          {
            message:
              'Something went wrong while executing your query. Please include `C0DE:5EED:1A2B3C:4D5E6F:67890ABC` when reporting this issue.',
          },
        ],
      });
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
    const headers = { ...rateHeaders(channel), 'x-ratelimit-remaining': '0' };
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
      if (path.startsWith('/app/')) {
        void appAnswer(req, path, url).then(({ status, body }) => send(res, status, body));
        return;
      }
      const spends = budgetOf(req.headers.authorization);
      if (!spends)
        return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/graphql' });
      budget = spends.graphql;
      restBudget = spends.rest;
      if (req.method === 'POST' && (path === '/graphql' || url.pathname === '/api/graphql')) {
        stats.graphqlRequests += 1;
        return answer(res, 'graphql', takeFault('graphql'), () =>
          graphqlAnswer(JSON.parse(Buffer.concat(chunks).toString() || '{}')),
        );
      }
      const runs = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs$/.exec(path);
      if (req.method === 'GET' && runs) {
        stats.restCalls += 1;
        // An exhausted REST budget answers 403 with remaining 0 until the hourly reset, as GitHub does.
        if (now().getTime() >= restBudget.resetAt.getTime()) Object.assign(restBudget, newBudget(restBudget.limit));
        if (restBudget.remaining <= 0) return answerFault(res, 'rate-limited', 'rest');
        return answer(res, 'rest', takeFault('rest'), () => {
          restBudget.remaining -= 1;
          return runsAnswer(runs[1]!, runs[2]!, url.searchParams);
        });
      }
      send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    org,
    app,
    stats,
    budget: tokenBudget,
    restBudget: tokenRestBudget,
    faultsServed,
    inject(fault, opts = {}) {
      for (let i = 0; i < (opts.count ?? 1); i++) faults.push({ fault, channel: opts.channel });
    },
    resetStats() {
      Object.assign(stats, { graphqlRequests: 0, graphqlPoints: 0, restCalls: 0, byOperation: {} });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
