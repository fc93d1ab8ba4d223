import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { loadConfig, type LoadedConfig } from '../lib/config';
import { getDoraFigures } from '../metrics/dora';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { deriveAll } from './derive-all';
import { loadScorecards } from './load-scorecards';
import { getCurrentResults } from './read/current-results';
import { getScorecardImpact } from './read/get-scorecard-impact';

/**
 * Scorecards with the real metrics engine (not a stand-in): the sync's derivation evaluates
 * them, `metric` rules read the same figures /api/v1/dora serves, and the impact view
 * compares real outcomes.
 */
const AT = new Date('2026-06-01T12:00:00Z');

describe('scorecards with the real DORA engine', () => {
  let t: TestDatabase;
  let loaded: LoadedConfig;
  beforeAll(async () => {
    t = await createTestDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-sc-'));
    writeFileSync(path.join(dir, 'paved.yaml'), `scorecards: ${path.resolve('scorecards.yaml')}\n`);
    loaded = loadConfig({ PAVED_CONFIG: path.join(dir, 'paved.yaml') });
    process.env.PAVED_NOW = AT.toISOString();
    await loadDemoOrganisation(t.db, { at: AT });
    await deriveAll(t.db, loaded);
  }, 120_000);
  afterAll(async () => {
    delete process.env.PAVED_NOW;
    await t.drop();
  });

  it('evaluates metric rules with the figures the API serves', async () => {
    const results = await getCurrentResults(t.db, 'golden-path');
    const frequent = results.filter((r) => r.checkId === 'deploys-often');
    expect(frequent.length).toBeGreaterThan(0);
    for (const slug of ['ledger', 'billing-monolith']) {
      const result = frequent.find((r) => r.slug === slug)!;
      const figures = await getDoraFigures(t.db, loaded.config, { type: 'service', slug }, { from: new Date(AT.getTime() - 30 * 86_400_000), to: AT });
      const perWeek = figures.deploymentFrequency.perWeek;
      expect(result.state).toBe(perWeek >= 3 ? 'pass' : 'fail');
      expect(result.reason).toContain(`deploymentFrequency.perWeek is ${Number(perWeek.toFixed(2))}`);
    }
    expect(frequent.find((r) => r.slug === 'ledger')!.state).toBe('pass');
    expect(frequent.find((r) => r.slug === 'billing-monolith')!.state).toBe('fail');
  });

  it('compares real delivery outcomes of passing and failing services', async () => {
    const impact = await getScorecardImpact(t.db, loadScorecards(loaded), 'golden-path', { metrics: getDoraFigures, config: loaded.config, windowDays: 90, weeks: 4, minSample: 2 });
    expect(impact).not.toBeNull();
    expect(JSON.stringify(impact)).toMatch(/correlation/i);
  });
});
