import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMIT_HISTORY_QUERY } from '../../../collectors/github/queries/commits';
import { DEPLOYMENTS_QUERY } from '../../../collectors/github/queries/deployments';
import { PULL_REQUESTS_QUERY } from '../../../collectors/github/queries/pull-requests';
import { ORGANIZATION_REPOSITORIES_QUERY } from '../../../collectors/github/queries/repositories';
import { generateFakeOrganisation } from './org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from './server';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('the fake GitHub speaks GitHub’s protocol', () => {
  let fake: FakeGithub;
  const post = async (query: string, variables: Record<string, unknown> = {}, token = FAKE_GITHUB_TOKEN) => {
    const res = await fetch(`${fake.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text.startsWith('<') ? { html: text } : JSON.parse(text)) as { data?: any; errors?: any[] },
    };
  };
  beforeAll(async () => {
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 2, days: 20, end: NOW }), { now: () => NOW });
  });
  afterAll(() => fake.close());

  it('rejects a bad token with 401 Bad credentials', async () => {
    const res = await post('query { viewer { login } }', {}, 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ message: 'Bad credentials' });
  });

  it('requires first or last on every connection, at most 100', async () => {
    const missing = await post('query { organization(login: "acme") { repositories { nodes { name } } } }');
    expect(missing.body.errors).toEqual([
      { type: 'MISSING_PAGINATION_BOUNDARIES', message: expect.stringContaining('`repositories` connection') },
    ]);
    const excessive = await post(
      'query { organization(login: "acme") { repositories(first: 101) { nodes { name } } } }',
    );
    expect(excessive.body.errors![0].type).toBe('EXCESSIVE_PAGINATION');
  });

  it('refuses a call that could return more than 500,000 nodes', async () => {
    const res = await post(
      'query { organization(login: "acme") { repositories(first: 100) { nodes { pullRequests(first: 100) { nodes { labels(first: 100) { nodes { name } } } } } } } }',
    );
    expect(res.body.errors![0].type).toBe('MAX_NODE_LIMIT_EXCEEDED');
  });

  it('validates against the published schema', async () => {
    const res = await post('query { organization(login: "acme") { notAField } }');
    expect(res.body.errors![0].message).toMatch(/Cannot query field "notAField" on type "Organization"/);
  });

  it('charges max(1, round(requests / 100)) points and reports rateLimit', async () => {
    const name = fake.org.repositories[0]!.name;
    const head = fake.org.repositories[0]!.head;
    const cases: [string, Record<string, unknown>, number][] = [
      [ORGANIZATION_REPOSITORIES_QUERY, { login: 'acme' }, 1], // 1 + 3·49 = 148
      [COMMIT_HISTORY_QUERY, { owner: 'acme', name, head }, 1], // 1 + 2·74 = 149
      [PULL_REQUESTS_QUERY, { owner: 'acme', name, base: 'main' }, 1], // 1 + 3·49 = 148
      [DEPLOYMENTS_QUERY, { owner: 'acme', name }, 1], // 1 + 100 = 101
      [
        'query { rateLimit { cost remaining resetAt } organization(login: "acme") { repositories(first: 100) { nodes { pullRequests(first: 100) { nodes { labels(first: 40) { nodes { name } } } } } } } }',
        {},
        101,
      ], // 1 + 100 + 10,000 requests; 410,100 nodes
    ];
    for (const [query, variables, cost] of cases) {
      const before = fake.budget.remaining;
      const res = await post(query, variables);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.rateLimit).toEqual({
        cost,
        remaining: before - cost,
        resetAt: fake.budget.resetAt.toISOString(),
      });
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(before - cost));
    }
  });

  it('answers a missing repository with a NOT_FOUND error beside the data', async () => {
    const res = await post(
      'query { rateLimit { cost remaining resetAt } repository(owner: "acme", name: "nope") { name } }',
    );
    expect(res.body.data).toMatchObject({ repository: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        type: 'NOT_FOUND',
        path: ['repository'],
        message: "Could not resolve to a Repository with the name 'acme/nope'.",
      }),
    ]);
  });

  it('pages with opaque cursors and serves REST workflow runs by created window', async () => {
    const name = fake.org.repositories[1]!.name;
    const q =
      'query($c: String) { repository(owner: "acme", name: "' +
      name +
      '") { pullRequests(first: 2, after: $c) { pageInfo { hasNextPage endCursor } nodes { number } } } }';
    const first = await post(q);
    const second = await post(q, { c: first.body.data.repository.pullRequests.pageInfo.endCursor });
    const numbers = [
      ...first.body.data.repository.pullRequests.nodes,
      ...second.body.data.repository.pullRequests.nodes,
    ].map((n: { number: number }) => n.number);
    expect(new Set(numbers).size).toBe(4);
    const runs = fake.org.repositories[1]!.runs;
    const from = runs[Math.floor(runs.length / 2)]!.created_at;
    const res = await fetch(`${fake.url}/repos/acme/${name}/actions/runs?created=>=${from}&per_page=100`, {
      headers: { authorization: `bearer ${FAKE_GITHUB_TOKEN}` },
    });
    const body = (await res.json()) as { total_count: number; workflow_runs: { created_at: string }[] };
    expect(body.total_count).toBe(runs.filter((r) => r.created_at >= from).length);
    expect(body.workflow_runs.every((r) => r.created_at >= from)).toBe(true);
  });

  it('injects 502, secondary rate limits and RATE_LIMITED', async () => {
    fake.inject('502', { channel: 'graphql' });
    expect((await post('query { rateLimit { cost } }')).status).toBe(502);
    fake.inject('secondary', { channel: 'graphql' });
    const secondary = await post('query { rateLimit { cost } }');
    expect([secondary.status, secondary.headers.get('retry-after')]).toEqual([403, '7']);
    fake.inject('rate-limited', { channel: 'graphql' });
    const limited = await post('query { rateLimit { cost } }');
    expect(limited.body.errors![0].type).toBe('RATE_LIMITED');
  });
});
