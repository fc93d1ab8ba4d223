import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { deriveDelivery } from '../metrics/derive/run-derivation';
import { refreshOrgRollups } from '../metrics/rollup/refresh-rollups';
import { percentileCont } from '../metrics/stats';
import { config, generate, openLargeOrganisation } from './large-organisation';
import { ensureBuild, startPaved } from './paved-server';

/**
 * Every page's server time on the benchmark organisation (1,000 services, bench/large-organisation.ts;
 * generated and derived here when no earlier run left it): the production build's web server alone
 * on that database, the clock pinned to the end of its year, so the default window (the last 90
 * days) is full. Each round moves the figure generation (an incident override made and removed
 * through the API, as bench/read-path-load.bench.ts does), then requests every page once, one at a
 * time: each is the first request after a new generation, so nothing comes from the figures cache.
 * The time is the whole response on loopback (streamed pages included), i.e. the server's time.
 * Each round then requests every page again in the same generation (warm: the response cache).
 * The services pages render their first 100 services; right after each, the request its browser
 * makes for the rest (GET /api/v1/dora/services) is timed too.
 * BENCH_PAGE_ROUNDS (default 5) rounds after one warm-up round (compiled routes, the pool).
 */
const ROUNDS = Number(process.env.BENCH_PAGE_ROUNDS ?? 5);
const ADMIN = 'bench-admin-token';
const TARGET_MS = 300;

const PAGES = [
  '/',
  '/teams',
  '/teams/team-300',
  // What the team page's browser asks next: the rest of its 300 services' rows.
  '/api/v1/dora/services?team=team-300',
  '/teams/team-2',
  '/services',
  // What the services page's browser asks next: every service's row (the page renders the first 100).
  '/api/v1/dora/services',
  '/services/svc-1',
  '/deployments',
  '/changes',
  '/incidents',
  '/data-quality',
  '/compare',
  '/roadmap',
  '/initiatives',
  // The shipped scorecards file's initiative without a scope: every one of the 1,000 services.
  '/initiatives/dependency-hygiene',
  '/scorecards',
  '/scorecards/golden-path',
  '/digests',
  '/admin/tokens',
  '/admin/audit',
];

async function request(url: string, options: { method?: string; body?: string } = {}) {
  const res = await fetch(url, {
    method: options.method ?? 'GET',
    headers: { authorization: `Bearer ${ADMIN}`, ...(options.body ? { 'content-type': 'application/json' } : {}) },
    body: options.body,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: res.status, body: await res.text() };
}

async function main(): Promise<void> {
  ensureBuild();
  const bench = await openLargeOrganisation();
  const { db } = bench;
  let server: Awaited<ReturnType<typeof startPaved>> | null = null;
  try {
    if (!bench.generated) {
      console.log('no benchmark organisation yet: generating and deriving it (several minutes)');
      await generate(db);
      await deriveDelivery(db, config, { full: true });
    }
    // The team of 300 services the metrics benchmark measures (idempotent), and rollups up to date.
    await sql`insert into teams (slug, name, source) values ('team-300', 'Team of 300', 'bench') on conflict do nothing`.execute(
      db,
    );
    await sql`update services set team_id = (select id from teams where slug = 'team-300') where id <= 300`.execute(db);
    await refreshOrgRollups(db, config);
    const [incident] = (
      await sql<{ id: string }>`select external_id as id from incidents order by id limit 1`.execute(db)
    ).rows;

    server = await startPaved('.bench-data/pages-web', {
      entry: 'bin/web.ts',
      env: { DATABASE_URL: bench.url, PAVED_CONFIG: 'bench/large-org.paved.yaml' },
    });
    const override = `${server.url}/api/v1/incidents/pagerduty/${incident!.id}/override`;
    const times = new Map<string, number[]>(PAGES.map((p) => [p, []]));
    const warmTimes = new Map<string, number[]>(PAGES.map((p) => [p, []]));
    const statuses = new Map<string, number>();
    for (let round = -1; round < ROUNDS; round++) {
      const made = await request(override, {
        method: 'PUT',
        body: JSON.stringify({ action: 'not_caused_by_change', reason: 'benchmark: a new generation' }),
      });
      const removed = await request(override, { method: 'DELETE' });
      if (made.status !== 200 || removed.status !== 204)
        throw new Error(`override ${made.status} ${made.body} / ${removed.status}`);
      for (const page of PAGES) {
        const start = performance.now();
        const res = await request(`${server.url}${page}`);
        const ms = performance.now() - start;
        statuses.set(page, res.status);
        if (round >= 0) times.get(page)!.push(ms);
      }
      // The same pages again in the same generation: what every later reader gets.
      for (const page of PAGES) {
        const start = performance.now();
        await request(`${server.url}${page}`);
        if (round >= 0) warmTimes.get(page)!.push(performance.now() - start);
      }
    }
    console.log(
      `each page's first request after a new figure generation, ${ROUNDS} rounds (1,000 services, default window: the last 90 days):`,
    );
    for (const page of PAGES) {
      const ms = times.get(page)!;
      const p50 = percentileCont(ms, 0.5)!;
      const max = Math.max(...ms);
      const warm = percentileCont(warmTimes.get(page)!, 0.5)!;
      console.log(
        `  ${page.padEnd(38)} cold p50 ${p50.toFixed(0).padStart(5)} ms, max ${max.toFixed(0).padStart(5)} ms; warm p50 ${warm.toFixed(0).padStart(4)} ms  (HTTP ${statuses.get(page)})${max > TARGET_MS ? `  over ${TARGET_MS} ms` : ''}`,
      );
    }
  } finally {
    await server?.stop();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
