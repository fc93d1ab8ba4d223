/**
 * GitHub collection cost and memory, against the fake GitHub (run in its own process so
 * the collector's memory is measured alone). Prints figures; asserts nothing.
 *
 *   npx tsx bench/github-cost.bench.ts                       # backfill 12 repos × 2 years, no-change resync of 300 repos
 *   npx tsx bench/github-cost.bench.ts --repositories 28 --days 3650   # ~220,000 commits for the RSS figure
 *   NODE_OPTIONS='--expose-gc --max-old-space-size=96' npx tsx bench/github-cost.bench.ts …   # heap after GC, under a hard cap
 *
 * Database: TEST_DATABASE_URL / DATABASE_URL (a server where databases may be created), else an
 * embedded PostgreSQL under .test-data/bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { createGithubSource } from '../collectors/github/source';
import { runSource, type ScopeReport } from '../collectors/source';
import { createDb, type Db } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { configSchema } from '../lib/config-schema';
import { createLogger } from '../lib/logger';

const NOW = new Date('2026-11-20T12:00:00Z');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};

interface Fake {
  url: string;
  login: string;
  commits: number;
  child: ChildProcess;
}

async function startFake(repositories: number, days: number): Promise<Fake> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve('tests/fakes/github/serve.ts'),
      '--repositories',
      String(repositories),
      '--days',
      String(days),
      '--end',
      NOW.toISOString(),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake GitHub exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as Omit<Fake, 'child'>), child };
}

async function fakeStats(fake: Fake, reset = false) {
  const res = await fetch(`${fake.url}/_fake/${reset ? 'reset-stats' : 'stats'}`, { method: reset ? 'POST' : 'GET' });
  return (await res.json()) as {
    graphqlPoints: number;
    graphqlRequests: number;
    restCalls: number;
    byOperation: Record<string, { requests: number; points: number }>;
  };
}

async function freshDb(adminUrl: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `paved_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: 4 });
  await migrateToLatest(db);
  return {
    db,
    drop: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function sync(db: Db, fake: Fake, backfillDays: number): Promise<Record<string, ScopeReport>> {
  const config = configSchema.parse({
    github: { apiUrl: fake.url, token: 'fake-token', organizations: [fake.login], backfillDays },
  });
  const reports: Record<string, ScopeReport> = {};
  await runSource(createGithubSource({ sleep: async () => {} }), {
    db,
    config,
    full: false,
    now: NOW,
    log: createLogger('bench', () => {}),
    fetch,
    factPaths: [],
    report: (scope, r) => void (reports[scope] = r),
  });
  return reports;
}

const count = async (db: Db, table: 'commits' | 'pull_requests' | 'deployments' | 'pipeline_runs') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function main() {
  const repositories = arg('repositories', 12);
  const days = arg('days', 730);
  const resyncRepositories = arg('resync-repositories', 300);
  const embedded =
    process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
      ? null
      : await startEmbeddedPostgres(path.resolve('.test-data/bench'));
  const adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? embedded!.url;
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
  try {
    // 1. Backfill.
    const fake = await startFake(repositories, days);
    const { db, drop } = await freshDb(adminUrl);
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const started = performance.now();
    await sync(db, fake, Math.min(3650, days + 1));
    const seconds = (performance.now() - started) / 1000;
    const stats = await fakeStats(fake);
    const [commits, prs, deployments, runs] = [
      await count(db, 'commits'),
      await count(db, 'pull_requests'),
      await count(db, 'deployments'),
      await count(db, 'pipeline_runs'),
    ];
    console.log(
      `\nBackfill: ${repositories} repositories × ${days} days → ${commits} commits, ${prs} pull requests (${(commits / prs).toFixed(2)} commits per PR), ${deployments} deployments, ${runs} runs`,
    );
    console.log(
      `  GraphQL points: ${stats.graphqlPoints} in ${stats.graphqlRequests} requests → ${((stats.graphqlPoints * 1000) / commits).toFixed(1)} points per 1,000 commits (target ≤ 40)`,
    );
    for (const [op, s] of Object.entries(stats.byOperation))
      console.log(`    ${op.padEnd(26)} ${String(s.points).padStart(6)} points, ${s.requests} requests`);
    console.log(`  REST calls: ${stats.restCalls}; wall time ${seconds.toFixed(1)} s`);
    console.log(
      `  Collector RSS: ${mb(rssBefore)} before, peak ${mb(peakRss)} (process.resourceUsage maxRSS ${mb(process.resourceUsage().maxRSS * 1024)})`,
    );
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc) {
      gc();
      console.log(
        `  V8 heap in use after the backfill and a full GC: ${mb(process.memoryUsage().heapUsed)} (run with --max-old-space-size to prove the bound)`,
      );
    }
    await drop();
    fake.child.kill('SIGTERM');

    // 2. No-change resync of many repositories.
    const many = await startFake(resyncRepositories, 3);
    const second = await freshDb(adminUrl);
    await sync(second.db, many, 30);
    const first = await fakeStats(many);
    await fakeStats(many, true);
    const reports = await sync(second.db, many, 30);
    const resync = await fakeStats(many);
    const rows = Object.values(reports).reduce((n, r) => n + (r.rows ?? 0), 0);
    console.log(
      `\nNo-change resync of ${resyncRepositories} repositories (after a backfill costing ${first.graphqlPoints} points):`,
    );
    console.log(
      `  GraphQL points: ${resync.graphqlPoints} in ${resync.graphqlRequests} requests (target ≤ 5); REST calls: ${resync.restCalls}; rows written: ${rows - resyncRepositories} besides the ${resyncRepositories} repository rows`,
    );
    await second.drop();
    many.child.kill('SIGTERM');
  } finally {
    clearInterval(sampler);
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
