/**
 * Prints how long one evaluation of the shipped scorecards.yaml takes for 1,000 services
 * with demo-generated repository facts, and how long the read functions take on the result.
 * The DORA engine is replaced by a function returning fixed figures at once, so the time is
 * the scorecard engine's own (the real engine adds its query time per service and window).
 *
 *   npx tsx bench/scorecard-evaluation.bench.ts     (DATABASE_URL, else an embedded server under .test-data/bench)
 */
import path from 'node:path';
import { openBenchDatabase } from './bench-database';
import { createRandom } from '../collectors/demo/random';
import { generateRepositoryFacts } from '../collectors/demo/repository-facts';
import { replaceServiceLinks, upsertServices, upsertTeams } from '../db/writes/catalog';
import { upsertRepositories, upsertRepositoryFacts } from '../db/writes/github';
import { configSchema } from '../lib/config-schema';
import type { DoraFigures } from '../scorecards/dora-contract';
import { evaluateScorecards } from '../scorecards/evaluate-scorecards';
import { loadScorecards } from '../scorecards/load-scorecards';
import { getScorecard } from '../scorecards/read/get-scorecard';
import { getScorecardHistory } from '../scorecards/read/get-scorecard-history';
import { DAY_MS } from '../lib/clock';

const SERVICES = 1000;
const AT = new Date('2026-11-28T12:00:00Z');
const FIGURES: DoraFigures = {
  deploymentFrequency: { deployments: 12, perWeek: 3, medianDeployDaysPerWeek: 3, level: 'high', levelStatus: 'ok' },
  leadTimeForChanges: {
    changes: 30,
    medianSeconds: 40_000,
    p75Seconds: 80_000,
    p90Seconds: 120_000,
    level: 'high',
    levelStatus: 'ok',
    stages: { codingSeconds: null, pickupSeconds: null, reviewSeconds: null, deploySeconds: null },
  },
  changeFailureRate: { deployments: 12, failedDeployments: 1, rate: 1 / 12, level: 'high', levelStatus: 'ok' },
  failedDeploymentRecoveryTime: {
    failedDeployments: 1,
    recovered: 1,
    medianSeconds: 3600,
    level: 'high',
    levelStatus: 'ok',
  },
  timeToRestore: { incidents: 0, resolved: 0, medianSeconds: null },
  reworkRate: { deployments: 12, reworkDeployments: 0, rate: 0 },
};

async function main() {
  const { db, close } = await openBenchDatabase({ max: 5 });
  try {
    const teams = Array.from({ length: 50 }, (_, i) => `team-${i}`);
    await upsertTeams(
      db,
      teams.map((slug) => ({ slug, name: slug, source: 'bench' })),
    );
    const services = Array.from({ length: SERVICES }, (_, i) => ({
      slug: `service-${i}`,
      name: `Service ${i}`,
      team: teams[i % teams.length]!,
      lifecycle: i % 10 === 0 ? 'experimental' : 'production',
      tier: `tier-${(i % 3) + 1}`,
      type: 'service',
    }));
    const serviceIds = await upsertServices(
      db,
      services.map((s) => ({
        slug: s.slug,
        name: s.name,
        teamSlug: s.team,
        lifecycle: s.lifecycle,
        tier: s.tier,
        type: s.type,
        source: 'bench',
      })),
    );
    const repoIds = await upsertRepositories(
      db,
      services.map((s) => ({ full_name: `acme/${s.slug}`, owner: 'acme', name: s.slug, source: 'bench' })),
    );
    await replaceServiceLinks(
      db,
      'bench',
      services.map((s) => ({
        serviceId: serviceIds.get(s.slug)!,
        repositoryIds: [repoIds.get(`acme/${s.slug}`)!],
        pagerdutyServiceIds: [],
      })),
    );
    const rng = createRandom(7);
    await upsertRepositoryFacts(
      db,
      services.map((s, i) => ({
        repository_id: repoIds.get(`acme/${s.slug}`)!,
        collected_at: AT,
        version: 1,
        facts: generateRepositoryFacts(rng, `acme/${s.slug}`, s, s.team, (i % 20) / 20, AT),
      })),
    );

    const config = configSchema.parse({});
    const scorecards = loadScorecards({ config, file: null }, { cwd: path.resolve(__dirname, '..'), at: AT });
    const checks = scorecards.scorecards[0]!.checks.length;
    for (const run of [1, 2]) {
      const started = performance.now();
      const summary = await evaluateScorecards(
        db,
        { config, file: null, fingerprint: 'bench' },
        { metrics: async () => FIGURES, at: new Date(AT.getTime() + (run - 1) * DAY_MS), scorecards },
      );
      console.log(
        `evaluation ${run}: ${SERVICES} services × ${checks} checks = ${summary.results} results in ${((performance.now() - started) / 1000).toFixed(2)} s`,
      );
    }
    let started = performance.now();
    await getScorecard(db, scorecards, 'golden-path');
    console.log(`getScorecard (50 teams): ${Math.round(performance.now() - started)} ms`);
    started = performance.now();
    await getScorecardHistory(db, scorecards, 'golden-path', { from: '2026-11-01', to: '2026-11-30' });
    console.log(`getScorecardHistory (2 days of snapshots): ${Math.round(performance.now() - started)} ms`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
