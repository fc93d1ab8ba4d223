import { afterAll, describe, expect, it } from 'vitest';
import { runGithubSource } from '../../tests/fakes/github/harness';
import { generateFakeOrganisation } from '../../tests/fakes/github/org';
import { startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';

const NOW = new Date('2026-11-20T12:00:00Z');

/**
 * GraphQL points are deterministic counts (GitHub's published formula, applied by the
 * fake), so the targets are asserted, and the figures printed. `bench/github-cost.bench.ts`
 * measures larger organisations and memory.
 */
describe('GitHub collection cost', () => {
  const databases: TestDatabase[] = [];
  const fakes: FakeGithub[] = [];
  afterAll(async () => {
    for (const f of fakes) await f.close();
    for (const t of databases) await t.drop();
  });

  it('backfill: points per 1,000 default-branch commits, all streams included (target ≤ 40)', async () => {
    const fake = await startFakeGithub(generateFakeOrganisation({ repositories: 4, days: 300, end: NOW, seed: 3 }), {
      now: () => NOW,
      pointsPerHour: 1_000_000,
    });
    fakes.push(fake);
    const t = await createTestDatabase();
    databases.push(t);
    expect((await runGithubSource(t.db, fake, { now: NOW, github: { backfillDays: 300 } })).error).toBeNull();
    const commits = Number(
      (
        await t.db
          .selectFrom('commits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const prs = Number(
      (
        await t.db
          .selectFrom('pull_requests')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const perThousand = (fake.stats.graphqlPoints * 1000) / commits;
    console.log(
      `[cost] backfill: ${commits} commits, ${prs} PRs, ${fake.stats.graphqlPoints} GraphQL points → ${perThousand.toFixed(1)} points per 1,000 commits; ${fake.stats.restCalls} REST calls; by query ${JSON.stringify(fake.stats.byOperation)}`,
    );
    expect(perThousand).toBeLessThanOrEqual(40);
  });

  it('a no-change sync of 300 repositories (target ≤ 5 points: one per 74 repositories listed)', async () => {
    const fake = await startFakeGithub(generateFakeOrganisation({ repositories: 300, days: 2, end: NOW, seed: 4 }), {
      now: () => NOW,
      pointsPerHour: 1_000_000,
    });
    fakes.push(fake);
    const t = await createTestDatabase();
    databases.push(t);
    expect((await runGithubSource(t.db, fake, { now: NOW })).error).toBeNull();
    fake.resetStats();
    const run = await runGithubSource(t.db, fake, { now: new Date(NOW.getTime() + 1_800_000) });
    expect(run.error).toBeNull();
    console.log(
      `[cost] no-change sync of 300 repositories: ${fake.stats.graphqlPoints} GraphQL points in ${fake.stats.graphqlRequests} requests, ${fake.stats.restCalls} REST calls`,
    );
    expect(fake.stats.graphqlPoints).toBeLessThanOrEqual(5);
  }, 240_000);
});
