import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { applyCatalog } from '../db/catalog';
import { parseConfigText } from '../lib/config';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { deriveDelivery } from './derive/run-derivation';
import { computeFigures, computeFiguresOfScopes } from './dora';
import { figuresOfBuckets, figuresOfScopes, listedFiguresOfScopes, resolveScopesBy } from './figures-of-scopes';
import { resolveScope } from './scope';

/**
 * Figures of many teams or services in one pass equal the figures of each computed alone, on the
 * demo organisation: every team, every service, and a team's services, over whole days and over
 * a window with partial days at both ends.
 */
const NOW = new Date('2026-06-01T12:00:00Z');
const config = parseConfigText('{}', 'test.yaml', {}).config;
const windows = [
  { from: new Date('2026-03-03T00:00:00Z'), to: new Date('2026-06-01T00:00:00Z') },
  { from: new Date('2025-12-01T07:13:00Z'), to: new Date('2026-05-20T16:45:30Z') },
];
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoOrganisation(t.db, { at: NOW });
  await applyCatalog(t.db, config);
  await deriveDelivery(t.db, config);
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe('figures of many scopes in one pass', () => {
  for (const by of ['team', 'service'] as const) {
    it(`resolve every ${by} as resolveScope does, and give each ${by} its own figures`, async () => {
      const scopes = await resolveScopesBy(t.db, by);
      expect(scopes.size).toBeGreaterThan(3);
      for (const [slug, scope] of scopes) {
        const alone = (await resolveScope(t.db, { type: by, slug }))!;
        expect({ ...scope, serviceIds: sorted(scope.serviceIds), repositoryIds: sorted(scope.repositoryIds) }).toEqual({
          serviceIds: sorted(alone.serviceIds),
          repositoryIds: sorted(alone.repositoryIds),
          teamId: alone.teamId,
          withoutIncidentSource: alone.withoutIncidentSource,
        });
      }
      for (const window of windows) {
        const list = [...scopes.values()];
        const together = await figuresOfScopes(t.db, config, list, window);
        const alone = await Promise.all(list.map((scope) => computeFigures(t.db, config, scope, window)));
        expect(together).toEqual(alone);
        // From the teams' rollups, several at once: every team keeps the partial days at its window's edges.
        expect(await computeFiguresOfScopes(t.db, config, list, window)).toEqual(alone);
        expect(together.some((f) => f.deploymentFrequency.deployments > 0)).toBe(true);
        expect(together.some((f) => f.timeToRestore.incidents > 0)).toBe(true);
      }
    });
  }

  it('gives a list of services the same figures, read without what the list leaves out', async () => {
    for (const by of ['service', 'team'] as const) {
      const list = [...(await resolveScopesBy(t.db, by)).values()];
      for (const window of windows) {
        const full = await figuresOfScopes(t.db, config, list, window);
        const listed = await listedFiguresOfScopes(t.db, config, list, window);
        expect(listed).toEqual(
          full.map((f) => ({
            deploymentFrequency: f.deploymentFrequency,
            changeFailureRate: f.changeFailureRate,
            failedDeploymentRecoveryTime: f.failedDeploymentRecoveryTime,
            leadTimeForChanges: {
              changes: f.leadTimeForChanges.changes,
              medianSeconds: f.leadTimeForChanges.medianSeconds,
              level: f.leadTimeForChanges.level,
              levelStatus: f.leadTimeForChanges.levelStatus,
            },
          })),
        );
        expect(listed.some((f) => f.leadTimeForChanges.medianSeconds !== null)).toBe(true);
        expect(listed.some((f) => f.failedDeploymentRecoveryTime.medianSeconds !== null)).toBe(true);
      }
    }
  });

  it("resolves one team's services alone", async () => {
    const [team] = (await resolveScopesBy(t.db, 'team')).keys();
    const services = await resolveScopesBy(t.db, 'service', { teamSlug: team });
    const all = await resolveScopesBy(t.db, 'service');
    expect(services.size).toBeGreaterThan(0);
    expect(services.size).toBeLessThan(all.size);
    for (const [slug, scope] of services) expect(scope).toEqual(all.get(slug));
  });
});

describe('a series in one pass', () => {
  it('equals the figures of each bucket computed alone, for a team, a service and the organisation', async () => {
    const { buckets } = await import('./dora-report');
    const [team] = (await resolveScopesBy(t.db, 'team')).values();
    const [service] = (await resolveScopesBy(t.db, 'service')).values();
    const organisation = (await resolveScope(t.db, { type: 'organisation' }))!;
    for (const scope of [team!, service!, organisation])
      for (const [window, interval] of [
        [windows[0]!, 'week'],
        [windows[1]!, 'week'],
        [windows[1]!, 'month'],
      ] as const) {
        const list = buckets(window, interval);
        const together = await figuresOfBuckets(t.db, config, scope, list);
        const alone = await Promise.all(list.map((bucket) => computeFigures(t.db, config, scope, bucket)));
        expect(together).toEqual(alone);
        expect(together.filter((f) => f.deploymentFrequency.deployments > 0).length).toBeGreaterThan(list.length / 2);
      }
  });
});
