/**
 * A whole initial sync through the job queue, by 1, 2 and 4 worker processes (`npm run worker`,
 * exactly as deployed), against the fake GitHub in a process of its own with a network's latency
 * on every request. Reports wall time, GraphQL points per 1,000 commits, a no-change sync's
 * points, and each worker's peak RSS. Prints figures; asserts nothing.
 *
 *   npx tsx bench/worker-sync.bench.ts                                   # 300 repositories, ~200k commits, 300 ms
 *   npx tsx bench/worker-sync.bench.ts --repositories 40 --days 120 --latency-ms 100 --workers 1,2
 *
 * Database: DATABASE_URL (a server where databases may be created), else an embedded PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { workerNodeArgs } from '../bin/worker-command';
import { openQueue } from '../db/queue';
import { requestSyncRun } from '../db/writes/sync-runs';
import { waitForRun } from '../worker/wait-for-run';
import { openBenchDatabase } from './bench-database';

const NOW = '2026-11-20T12:00:00Z';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
};

interface Fake {
  url: string;
  statsUrl: string;
  login: string;
  commits: number;
  child: ChildProcess;
}

async function startFake(repositories: number, days: number, latencyMs: number): Promise<Fake> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.resolve('tests/fakes/github/serve.ts'),
      ...['--repositories', String(repositories), '--days', String(days), '--end', NOW],
      ...['--latency-ms', String(latencyMs)],
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fake GitHub exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as Omit<Fake, 'child'>), child };
}

async function fakeStats(fake: Fake, reset = false) {
  const res = await fetch(`${fake.statsUrl}/_fake/${reset ? 'reset-stats' : 'stats'}`, {
    method: reset ? 'POST' : 'GET',
  });
  return (await res.json()) as { graphqlPoints: number; graphqlRequests: number; restCalls: number };
}

/** User plus system CPU seconds a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process and its descendants, from /proc (kB → bytes). */
function treeRss(pid: number): number {
  let total = 0;
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // the process ended between two reads
    }
  };
  visit(pid);
  return total;
}

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, workerNodeArgs(), {
    env: { ...process.env, ...env, PAVED_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { type?: string }) => m?.type === 'ready' && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return { child, ready };
}

async function main() {
  const repositories = Number(arg('repositories', '300'));
  const days = Number(arg('days', '310'));
  const latencyMs = Number(arg('latency-ms', '300'));
  const counts = arg('workers', '1,2,4').split(',').map(Number);
  const fake = await startFake(repositories, days, latencyMs);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-bench-'));
  const config = path.join(dir, 'paved.config.yaml');
  writeFileSync(
    config,
    `github:\n  apiUrl: ${fake.url}\n  token: fake-token\n  organizations: [${fake.login}]\n  backfillDays: ${days + 1}\nschedule:\n  enabled: false\n`,
  );
  console.log(
    `Fake organisation: ${repositories} repositories, ${fake.commits.toLocaleString('en')} commits in all, ${latencyMs} ms per request`,
  );
  const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;
  try {
    for (const count of counts) {
      const database = await openBenchDatabase();
      const env = { DATABASE_URL: database.url, PAVED_CONFIG: config, PAVED_NOW: NOW };
      const workers = Array.from({ length: count }, () => startWorker(env));
      await Promise.all(workers.map((w) => w.ready));
      const boss = await openQueue(database.url, { role: 'client' });
      const peaks = workers.map(() => 0);
      const sampler = setInterval(() => {
        workers.forEach((w, i) => (peaks[i] = Math.max(peaks[i]!, treeRss(w.child.pid!))));
      }, 250);
      await fakeStats(fake, true);
      const started = performance.now();
      const { runId } = await requestSyncRun(database.db, boss, { trigger: 'cli' });
      const run = await waitForRun(database.db, runId);
      const seconds = (performance.now() - started) / 1000;
      const stats = await fakeStats(fake);
      const commits = Number(
        (
          await database.db
            .selectFrom('commits')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      console.log(
        `\n${count} worker${count === 1 ? '' : 's'}: run ${run.status} in ${seconds.toFixed(0)} s (${(seconds / 60).toFixed(1)} min); ` +
          `${commits.toLocaleString('en')} commits, ${stats.graphqlPoints} GraphQL points in ${stats.graphqlRequests} requests ` +
          `→ ${((stats.graphqlPoints * 1000) / commits).toFixed(1)} points per 1,000 commits; ${stats.restCalls} REST calls`,
      );
      console.log(`  peak RSS per worker process tree: ${peaks.map(mb).join(', ')}`);
      console.log(
        `  CPU time per worker (user + system, start-up derivation included): ${workers.map((w) => `${cpuSeconds(w.child.pid!).toFixed(0)} s`).join(', ')}`,
      );
      if (count === counts[0]) {
        await fakeStats(fake, true);
        const again = await requestSyncRun(database.db, boss, { trigger: 'cli' });
        const quiet = await waitForRun(database.db, again.runId);
        const resync = await fakeStats(fake);
        console.log(
          `  no-change sync: ${quiet.status}, ${resync.graphqlPoints} GraphQL points in ${resync.graphqlRequests} requests, ${resync.restCalls} REST calls`,
        );
      }
      clearInterval(sampler);
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => w.child.once('exit', r))));
      await boss.stop({ close: true });
      await database.close();
    }
  } finally {
    fake.child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
