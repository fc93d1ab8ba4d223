import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createRandom } from '../demo/random';
import { dumpGithubTables, dyingDb, dyingFetch, runGithubSource } from '../../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../../tests/fakes/github/org';
import { startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { getDataQuality } from '../../metrics/data-quality';
import { MAX_WAIT_MS } from '../http';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('GitHub source under faults, rate limits and interruption', () => {
  let fake: FakeGithub;
  const databases: TestDatabase[] = [];
  const database = async () => {
    const t = await createTestDatabase();
    databases.push(t);
    return t;
  };
  beforeAll(async () => {
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 3, days: 30, end: NOW, seed: 11 }), {
      now: () => NOW,
    });
  });
  afterAll(async () => {
    await fake.close();
    for (const t of databases) await t.drop();
  });

  it('retries 502/504 with backoff, waits out secondary limits and RATE_LIMITED, and ends with the same data', async () => {
    const clean = await database();
    expect((await runGithubSource(clean.db, fake, { now: NOW })).error).toBeNull();
    const t = await database();
    fake.inject('502');
    fake.inject('secondary', { channel: 'graphql' });
    fake.inject('504', { channel: 'graphql' });
    fake.inject('rate-limited', { channel: 'graphql' });
    fake.inject('secondary', { channel: 'rest' });
    fake.inject('502', { channel: 'rest' });
    const run = await runGithubSource(t.db, fake, { now: NOW });
    expect(run.error).toBeNull();
    // retry-after: 7 → 7 s; RATE_LIMITED → until x-ratelimit-reset (an hour away), at most MAX_WAIT_MS;
    // 502/504 → jittered backoff.
    expect(run.sleeps.filter((ms) => ms === 7000)).toHaveLength(2);
    expect(run.sleeps.filter((ms) => ms === MAX_WAIT_MS)).toHaveLength(1);
    expect(run.sleeps.filter((ms) => ms !== 7000 && ms < 10_000).length).toBe(3);
    expect(await dumpGithubTables(t.db)).toEqual(await dumpGithubTables(clean.db));
  });

  it('gives up on a persistent 502 with a clear error and keeps the cursor where it was', async () => {
    const t = await database();
    fake.inject('502', { channel: 'graphql', count: 6 });
    const run = await runGithubSource(t.db, fake, { now: NOW });
    expect(run.error).toMatch(/answered HTTP 502/);
    expect(await t.db.selectFrom('commits').select('oid').execute()).toEqual([]);
  });

  it('waits for the reset when the remaining budget falls under github.minRemainingPoints', async () => {
    const t = await database();
    fake.budget.remaining = 210;
    const resetAt = fake.budget.resetAt;
    // Within MAX_WAIT_MS, so the whole wait shows.
    fake.budget.resetAt = new Date(NOW.getTime() + 600_000);
    onTestFinished(() => {
      fake.budget.resetAt = resetAt;
    });
    const run = await runGithubSource(t.db, fake, {
      now: NOW,
      github: { minRemainingPoints: 205 },
      onSleep: () => {
        fake.budget.remaining = fake.budget.limit;
      },
    });
    expect(run.error).toBeNull();
    expect(run.sleeps.filter((ms) => ms >= 600_000 && ms <= 602_000)).toHaveLength(1);
  });

  it('says plainly when GitHub is unreachable, without the token', async () => {
    const t = await database();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const run = await runGithubSource(t.db, fake, { now: NOW, apiUrl: `http://127.0.0.1:${port}` });
    expect(run.error).toContain(
      `GitHub API at http://127.0.0.1:${port} is unreachable (ECONNREFUSED): check github.apiUrl and the network`,
    );
    expect(run.error).not.toContain('fake-token');
  });

  it('keeps credentials written into apiUrl out of every recorded error', async () => {
    const t = await database();
    const apiUrl = fake.url.replace('://', '://paved:hunter2@');
    const run = await runGithubSource(t.db, fake, { now: NOW, apiUrl });
    expect(run.error).toContain('//[redacted]@127.0.0.1');
    const recorded = [
      run.error,
      ...run.logs,
      ...Object.values(run.reports).map((r) => r.error),
      ...(await t.db.selectFrom('sync_state').select('last_error').execute()).map((r) => r.last_error),
      ...(await getDataQuality(t.db)).lastSync.map((s) => s.lastError),
    ].join('\n');
    expect(recorded).not.toContain('hunter2');
  });

  it('reaches GraphQL at /api/graphql from a GitHub Enterprise Server /api/v3 base', async () => {
    const ghes = await startFakeGithub(fake.org, { now: () => NOW, pathPrefix: '/api/v3' });
    try {
      const t = await database();
      const run = await runGithubSource(t.db, ghes, { now: NOW });
      expect(run.error).toBeNull();
      expect(ghes.stats.graphqlRequests).toBeGreaterThan(0);
      expect(ghes.stats.restCalls).toBeGreaterThan(0);
    } finally {
      await ghes.close();
    }
  });

  it('killed at 24 random points (network, database, right after a cursor write) and rerun, ends with exactly the database of an uninterrupted run', async () => {
    // A longer history than the other tests, so every stream spans several pages.
    const fake = await startFakeGithub(generateFakeOrganisation({ repositories: 3, days: 100, end: NOW, seed: 13 }), {
      now: () => NOW,
    });
    onTestFinished(() => fake.close());
    const reference = await database();
    fake.resetStats();
    expect((await runGithubSource(reference.db, fake, { now: NOW })).error).toBeNull();
    const requests = fake.stats.graphqlRequests + fake.stats.restCalls;
    const expected = await dumpGithubTables(reference.db);

    const t = await database();
    const rng = createRandom(2026);
    const interrupted: string[] = [];
    for (let i = 0; i < 90 && interrupted.length < 24; i++) {
      // In turn: kill the network after a random number of requests; the database at a random
      // statement (mid-transaction included); the database right after a random cursor write.
      const mode = (['net', 'db', 'cursor'] as const)[i % 3]!;
      const killAt =
        mode === 'net'
          ? rng.int(0, Math.max(2, Math.floor(requests / 12)))
          : mode === 'db'
            ? rng.int(0, 40)
            : rng.int(1, 6);
      const db =
        mode === 'db' ? dyingDb(t.db, killAt) : mode === 'cursor' ? dyingDb(t.db, killAt, 'afterCursorWrites') : t.db;
      const run = await runGithubSource(db, fake, { now: NOW, fetch: mode === 'net' ? dyingFetch(killAt) : fetch });
      if (run.error !== null) interrupted.push(`${mode}@${killAt}`);
    }
    expect(interrupted.length).toBeGreaterThanOrEqual(10);
    expect(new Set(interrupted.map((p) => p.split('@')[0]))).toEqual(new Set(['net', 'db', 'cursor']));
    const final = await runGithubSource(t.db, fake, { now: NOW });
    expect(final.error).toBeNull();
    expect(await dumpGithubTables(t.db)).toEqual(expected);
  });
});
