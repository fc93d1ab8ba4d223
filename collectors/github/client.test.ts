import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateFakeOrganisation } from '../../tests/fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { MAX_WAIT_MS } from '../http';
import { createGithubClient, type GithubClientOptions } from './client';
import { tokenCredentials } from './credentials';

const NOW = new Date('2026-11-20T12:00:00Z');
const RATE_LIMIT = '{ rateLimit { cost remaining resetAt } }';
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

describe('GitHub client on a flaky network', () => {
  let fake: FakeGithub;
  const waits: { ms: number; reason: string }[] = [];
  const client = (options: GithubClientOptions = {}) =>
    createGithubClient({ apiUrl: fake.url }, tokenCredentials(FAKE_GITHUB_TOKEN), {
      sleep: async () => {},
      random: () => 0.5,
      clock: () => NOW.getTime(),
      onWait: (ms, reason) => waits.push({ ms, reason }),
      ...options,
    });
  beforeAll(async () => {
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 1, days: 10, end: NOW, seed: 3 }), {
      now: () => NOW,
    });
  });
  afterAll(() => fake.close());

  it('retries a GraphQL body cut off, and names it when retries run out', async () => {
    fake.inject('truncated', { channel: 'graphql' });
    expect(await client().query(RATE_LIMIT)).toMatchObject({ rateLimit: { remaining: expect.any(Number) } });
    fake.inject('truncated', { channel: 'graphql', count: 6 });
    const error = await client()
      .query(RATE_LIMIT)
      .catch((e: Error) => e);
    // Names the cut-off body, not a TypeError from reading the missing `rateLimit` field.
    expect(String(error)).toMatch(
      /GitHub at http:\/\/127\.0\.0\.1:\d+ gave no usable answer for GraphQL: the response body was cut off \(terminated.*\); gave up after 6 attempts$/,
    );
  });

  it('retries GraphQL’s "Something went wrong while executing your query" (HTTP 200, data null)', async () => {
    waits.length = 0;
    fake.inject('something-went-wrong', { channel: 'graphql' });
    expect(await client().query(RATE_LIMIT)).toHaveProperty('rateLimit');
    expect(waits).toEqual([{ ms: 1000, reason: 'GraphQL "something went wrong"' }]);
  });

  it('times out a late answer and retries it', async () => {
    waits.length = 0;
    fake.inject('slow-headers', { channel: 'graphql' });
    fake.inject('slow-body', { channel: 'graphql' });
    expect(await client({ timeoutMs: 200 }).query(RATE_LIMIT)).toHaveProperty('rateLimit');
    expect(waits.map((w) => w.reason)).toEqual(['no answer within 0.2 s', 'no answer within 0.2 s']);
  });

  it('retries a REST answer cut off or never given', async () => {
    waits.length = 0;
    const repo = fake.org.repositories[0]!;
    fake.inject('truncated', { channel: 'rest' });
    fake.inject('reset', { channel: 'rest' });
    fake.inject('503', { channel: 'rest' });
    const runs = await client().rest<{ total_count: number }>(`/repos/${repo.owner}/${repo.name}/actions/runs`);
    expect(runs.total_count).toBe(repo.runs.length);
    expect(waits.map((w) => w.reason)).toEqual([
      expect.stringMatching(/^the response body was cut off/),
      expect.stringMatching(/^connection lost \(/),
      'HTTP 503',
    ]);
  });
});

/** A GitHub that is rate limited until `resetSeconds` (epoch), then answers. */
function rateLimitedFetch(resetSeconds: number, times = 1): typeof fetch & { calls: number } {
  const stub = async () => {
    stub.calls += 1;
    const limited = stub.calls <= times;
    const body = limited
      ? { errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for user ID 1.' }] }
      : { data: { rateLimit: { cost: 1, remaining: 4999, resetAt: new Date(resetSeconds * 1000).toISOString() } } };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-ratelimit-remaining': limited ? '0' : '4999',
        'x-ratelimit-reset': String(resetSeconds),
      },
    });
  };
  stub.calls = 0;
  return stub;
}

describe('GitHub client rate-limit waits', () => {
  const config = { apiUrl: 'https://github.invalid' };
  const credentials = tokenCredentials('ghp_rate_limit_test');

  it('waits at most MAX_WAIT_MS for a reset 10 years away', async () => {
    const sleeps: number[] = [];
    const reset = Math.floor((Date.now() + TEN_YEARS_MS) / 1000);
    const client = createGithubClient(config, credentials, {
      fetch: rateLimitedFetch(reset),
      sleep: async (ms) => void sleeps.push(ms),
    });
    await client.query(RATE_LIMIT);
    expect(sleeps).toEqual([MAX_WAIT_MS]);
  });

  it('measures a reset on the local clock, not on a business clock pinned years back (PAVED_NOW)', async () => {
    vi.stubEnv('PAVED_NOW', '2016-01-01T00:00:00Z');
    try {
      const sleeps: number[] = [];
      const reset = Math.floor(Date.now() / 1000) + 60;
      const client = createGithubClient(config, credentials, {
        fetch: rateLimitedFetch(reset),
        sleep: async (ms) => void sleeps.push(ms),
      });
      await client.query(RATE_LIMIT);
      expect(sleeps).toHaveLength(1);
      expect(sleeps[0]).toBeGreaterThan(55_000);
      expect(sleeps[0]).toBeLessThanOrEqual(62_000);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('waits at most MAX_WAIT_MS under the budget floor, whatever resetAt says', async () => {
    const sleeps: number[] = [];
    const reset = Math.floor((Date.now() + TEN_YEARS_MS) / 1000);
    const client = createGithubClient(config, credentials, {
      fetch: rateLimitedFetch(reset, 0),
      sleep: async (ms) => void sleeps.push(ms),
      minRemainingPoints: 5000,
    });
    await client.query(RATE_LIMIT);
    expect(sleeps).toEqual([MAX_WAIT_MS]);
  });

  it('waits MAX_WAIT_MS under the floor when resetAt is unreadable', async () => {
    const sleeps: number[] = [];
    const fetch: typeof globalThis.fetch = async () =>
      Response.json({ data: { rateLimit: { cost: 1, remaining: 0, resetAt: 'soon' } } });
    await createGithubClient(config, credentials, {
      fetch,
      sleep: async (ms) => void sleeps.push(ms),
      minRemainingPoints: 1,
    }).query(RATE_LIMIT);
    expect(sleeps).toEqual([MAX_WAIT_MS]);
  });

  it('with real timers, sleeps instead of spinning through its retries 1 ms apart (timer overflow)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const fetch = rateLimitedFetch(Math.floor((Date.now() + TEN_YEARS_MS) / 1000), Infinity);
      const outcome = createGithubClient(config, credentials, { fetch })
        .query(RATE_LIMIT)
        .then(
          () => 'answered',
          (e: Error) => e.message,
        );
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fetch.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(MAX_WAIT_MS);
      expect(fetch.calls).toBe(2);
      expect(await Promise.race([outcome, Promise.resolve('still waiting')])).toBe('still waiting');
    } finally {
      vi.useRealTimers();
    }
  });
});
