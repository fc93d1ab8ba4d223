import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../worker/run-sync';
import { configSchema } from '../../lib/config-schema';
import { createLogger } from '../../lib/logger';
import { generateFakeOrganisation } from '../../tests/fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../../tests/fakes/github/server';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { createGithubSource } from './source';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('a sync run with the GitHub source', () => {
  let t: TestDatabase;
  let fake: FakeGithub;
  beforeAll(async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    t = await createTestDatabase();
    fake = await startFakeGithub(generateFakeOrganisation({ repositories: 3, days: 20, end: NOW, seed: 5 }), {
      now: () => NOW,
    });
  });
  afterAll(async () => {
    delete process.env.PAVED_NOW;
    await fake.close();
    await t.drop();
  });

  it('records rows, GraphQL points and REST calls per repository, and catalog-info descriptors become services', async () => {
    const config = configSchema.parse({
      github: { apiUrl: fake.url, token: FAKE_GITHUB_TOKEN, organizations: ['acme'] },
    });
    const progress: string[] = [];
    const result = await runSync({
      db: t.db,
      url: t.url,
      loaded: { config, file: null, fingerprint: 'test' },
      trigger: 'cli',
      sources: [createGithubSource({ sleep: async () => {} })],
      log: createLogger('test', () => {}),
      onReport: (source, scope) => progress.push(`${source}:${scope}`),
    });
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('succeeded');
    const run = await t.db.selectFrom('sync_runs').selectAll().where('id', '=', result.runId).executeTakeFirstOrThrow();
    const counts = run.counts as Record<
      string,
      Record<string, { rows: number; graphqlPoints: number; restCalls: number }>
    >;
    for (const repo of fake.org.repositories) {
      expect(counts.github![`acme/${repo.name}`]).toEqual({
        rows: expect.any(Number),
        graphqlPoints: expect.any(Number),
        restCalls: expect.any(Number),
      });
      expect(counts.github![`acme/${repo.name}`]!.rows).toBeGreaterThan(0);
    }
    expect(run.api_cost).toEqual({
      github: { graphqlPoints: fake.stats.graphqlPoints, restCalls: fake.stats.restCalls },
    });
    expect(progress).toContain(`github:acme/${fake.org.repositories[0]!.name}`);

    const withDescriptor = fake.org.repositories.filter((r) => r.files['catalog-info.yaml']);
    expect(withDescriptor.length).toBeGreaterThan(0);
    const services = await t.db
      .selectFrom('services')
      .select(['slug', 'source'])
      .where('source', '=', 'catalog-info')
      .execute();
    expect(services.map((s) => s.slug).sort()).toEqual(withDescriptor.map((r) => r.name).sort());
  });
});
