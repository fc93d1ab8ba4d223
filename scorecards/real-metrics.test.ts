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
import { getScorecard } from './read/get-scorecard';
import { getScorecardHistory } from './read/get-scorecard-history';
import { getScorecardImpact } from './read/get-scorecard-impact';
import { getSnapshots } from './read/snapshots';
import { backfillFromFactHistory } from './backfill-history';
import { decodeState } from './states';

/**
 * Scorecards on the demo organisation as a sync leaves them: the sync's derivation evaluates
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
    const started = performance.now();
    await deriveAll(t.db, loaded);
    console.log(`demo derivation with its scorecard history: ${Math.round(performance.now() - started)} ms`);
  }, 180_000);
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
      const figures = await getDoraFigures(
        t.db,
        loaded.config,
        { type: 'service', slug },
        { from: new Date(AT.getTime() - 30 * 86_400_000), to: AT },
      );
      const perWeek = figures.deploymentFrequency.perWeek;
      expect(result.state).toBe(perWeek >= 3 ? 'pass' : 'fail');
      expect(result.reason).toContain(`deployments per week is ${Number(perWeek.toFixed(2))}`);
    }
    expect(frequent.find((r) => r.slug === 'ledger')!.state).toBe('pass');
    expect(frequent.find((r) => r.slug === 'billing-monolith')!.state).toBe('fail');
  });

  it('compares real delivery outcomes of passing and failing services', async () => {
    const impact = await getScorecardImpact(t.db, loadScorecards(loaded), 'golden-path', {
      metrics: getDoraFigures,
      config: loaded.config,
      windowDays: 90,
      weeks: 4,
      minSample: 2,
    });
    expect(impact).not.toBeNull();
    expect(JSON.stringify(impact)).toMatch(/correlation/i);
  });

  it("gives the demo six months of weekly scorecard history that ends with today's evaluation", async () => {
    const scorecards = loadScorecards(loaded);
    const history = (await getScorecardHistory(t.db, scorecards, 'golden-path', {
      from: '2025-01-01',
      to: '2026-06-01',
    }))!;
    const days = history.organisation.map((p) => p.day);
    expect(days.length).toBeGreaterThanOrEqual(25);
    expect(days.at(-1)).toBe('2026-06-01');
    // Weekly before today, every week back to the start of the demo's history.
    for (let i = 1; i < days.length; i++)
      expect(Date.parse(days[i]!) - Date.parse(days[i - 1]!), days[i]).toBe(7 * 86_400_000);
    expect(days[0]! <= '2025-12-10').toBe(true);
    // Today's point is the current evaluation.
    const current = (await getScorecard(t.db, scorecards, 'golden-path'))!;
    expect(history.organisation.at(-1)!.levelDistribution).toEqual(current.organisation.levelDistribution);
    // The organisation took the golden path up over the months.
    expect(history.organisation.at(-1)!.passRate!).toBeGreaterThan(history.organisation[0]!.passRate! + 0.05);
  });

  it('has facts-only checks taken up over time, never dropped', async () => {
    for (const checkId of ['codeowners', 'branch-protected', 'golden-ci']) {
      const rows = await getSnapshots(t.db, 'golden-path', { from: '2025-01-01', to: '2026-06-01', checkId });
      const outcomes = new Map<number, string[]>();
      for (const row of rows)
        row.serviceIds.forEach((sid, i) =>
          outcomes.set(sid, [...(outcomes.get(sid) ?? []), decodeState(row.codes[i]!).outcome ?? '-']),
        );
      let adopted = 0;
      for (const [sid, list] of outcomes) {
        const firstPass = list.indexOf('pass');
        if (firstPass > 0 && list[0] === 'fail') adopted++;
        if (firstPass >= 0)
          expect(
            list.slice(firstPass).every((o) => o === 'pass' || o === '-'),
            `${checkId} service ${sid}: ${list.join(' ')}`,
          ).toBe(true);
      }
      expect(adopted, checkId).toBeGreaterThan(0);
    }
  });

  it("compares before and after for services that started passing, with the engine's figures", async () => {
    const impact = (await getScorecardImpact(t.db, loadScorecards(loaded), 'golden-path', {
      metrics: getDoraFigures,
      config: loaded.config,
      weeks: 4,
    }))!;
    const withBeforeAfter = impact.checks.filter((c) => c.beforeAfter.services.length > 0);
    expect(withBeforeAfter.length).toBeGreaterThan(3);
    const { serviceId, startedPassing, before } = withBeforeAfter[0]!.beforeAfter.services[0]!;
    const start = Date.parse(`${startedPassing}T00:00:00Z`);
    const slug = (
      await t.db.selectFrom('services').select('slug').where('id', '=', serviceId).executeTakeFirstOrThrow()
    ).slug;
    const figures = await getDoraFigures(
      t.db,
      loaded.config,
      { type: 'service', slug },
      { from: new Date(start - 28 * 86_400_000), to: new Date(start) },
    );
    expect(before.deploymentFrequency.deployments).toBe(figures.deploymentFrequency.deployments);
  });

  it('evaluates a past day once: a day with a snapshot is not evaluated again', async () => {
    expect(
      await backfillFromFactHistory(t.db, loaded, {
        metrics: getDoraFigures,
        scorecards: loadScorecards(loaded, { at: AT }),
        today: AT,
      }),
    ).toBe(0);
  });
});
