import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentileCont } from '../metrics/stats';
import { ensureBuild, startPaved } from './paved-server';

/**
 * The read path under load (issue #19): the production build on the demo organisation, a
 * bounded load generator on loopback sending the mix GET /api/v1/dora, /api/v1/dora?team=…,
 * / and /teams/{slug} in turn, with 10 and then 100 clients. Each client sends its next request
 * when the last one answered. Reported apart:
 * - cold: the first request of each kind after a new figure generation (an incident override
 *   made and removed through the API moves it twice), one at a time;
 * - warm: the load phases.
 * Run three times: no cache (every request computes its figures and renders), the figures cache
 * alone, and both it and the response cache in front of Next.js (the default). BENCH_LOAD_SECONDS
 * (default 20) per phase, BENCH_COLD_ROUNDS (8).
 */
const PHASE_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 8);
const DATA_DIR = '.bench-data/read-path';
const ADMIN = 'e2e-admin-token';

type Kind = 'dora' | 'dora?team' | 'overview' | 'team page';
interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

function request(
  agent: http.Agent,
  url: string,
  options: { method?: string; body?: string; token?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        agent,
        method: options.method ?? 'GET',
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timed out after 30 s')));
    req.end(options.body);
  });
}

async function timed(agent: http.Agent, kind: Kind, url: string): Promise<Sample> {
  const start = performance.now();
  try {
    const res = await request(agent, url);
    return { kind, ms: performance.now() - start, ok: res.status === 200 };
  } catch {
    return { kind, ms: performance.now() - start, ok: false };
  }
}

const fmt = (ms: number | null) => (ms === null ? '—' : `${ms.toFixed(0)} ms`);
function summary(samples: Sample[]): string {
  const ms = samples.map((s) => s.ms);
  return `p50 ${fmt(percentileCont(ms, 0.5))}, p95 ${fmt(percentileCont(ms, 0.95))}, p99 ${fmt(percentileCont(ms, 0.99))}, max ${fmt(Math.max(...ms))}`;
}
const KINDS: Kind[] = ['dora', 'dora?team', 'overview', 'team page'];

async function measure(label: string, env: Record<string, string>, fresh: boolean): Promise<void> {
  const server = await startPaved(DATA_DIR, { fresh, env });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  try {
    const { url } = server;
    const teams = (
      JSON.parse((await request(agent, `${url}/api/v1/teams`)).body) as { items: { slug: string }[] }
    ).items.map((t) => t.slug);
    const incident = (
      JSON.parse((await request(agent, `${url}/api/v1/incidents?limit=1`)).body) as { items: { id: string }[] }
    ).items[0]!.id;
    let turn = 0;
    const next = (): [Kind, string] => {
      const kind = KINDS[turn % KINDS.length]!;
      const team = teams[Math.floor(turn / KINDS.length) % teams.length]!;
      turn++;
      const path = {
        dora: '/api/v1/dora',
        'dora?team': `/api/v1/dora?team=${team}`,
        overview: '/',
        'team page': `/teams/${team}`,
      }[kind];
      return [kind, `${url}${path}`];
    };
    // Warm the process (compiled routes, the pool) as a running installation is warm.
    for (let i = 0; i < KINDS.length * teams.length; i++) await timed(agent, ...next());

    const cold: Sample[] = [];
    const override = `${url}/api/v1/incidents/pagerduty/${incident}/override`;
    for (let round = 0; round < COLD_ROUNDS; round++) {
      const made = await request(agent, override, {
        method: 'PUT',
        token: ADMIN,
        body: JSON.stringify({ action: 'not_caused_by_change', reason: 'benchmark: a new generation' }),
      });
      const removed = await request(agent, override, { method: 'DELETE', token: ADMIN });
      if (made.status !== 200 || removed.status !== 204)
        throw new Error(`override ${made.status} ${made.body} / ${removed.status}`);
      const team = teams[round % teams.length]!;
      for (const [kind, path] of [
        ['dora', '/api/v1/dora'],
        ['dora?team', `/api/v1/dora?team=${team}`],
        ['overview', '/'],
        ['team page', `/teams/${team}`],
      ] as const)
        cold.push(await timed(agent, kind, `${url}${path}`));
    }
    console.log(`\n${label}`);
    console.log(`  cold (first request after a new generation, one at a time, ${COLD_ROUNDS} rounds):`);
    for (const kind of KINDS) console.log(`    ${kind.padEnd(10)} ${summary(cold.filter((s) => s.kind === kind))}`);

    for (const clients of [10, 100]) {
      const samples: Sample[] = [];
      const end = performance.now() + PHASE_SECONDS * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (performance.now() < end) samples.push(await timed(agent, ...next()));
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const errors = samples.filter((s) => !s.ok).length;
      console.log(
        `  warm, ${clients} clients for ${seconds.toFixed(1)} s: ${samples.length} requests, ${(samples.length / seconds).toFixed(1)} requests/s, ${errors} errors`,
      );
      console.log(`    all        ${summary(samples)}`);
      for (const kind of KINDS)
        console.log(`    ${kind.padEnd(10)} ${summary(samples.filter((s) => s.kind === kind))}`);
    }
  } finally {
    agent.destroy();
    await server.stop();
  }
}

async function main(): Promise<void> {
  ensureBuild();
  await measure(
    'no cache (PAVED_FIGURE_CACHE_MB=0 PAVED_RESPONSE_CACHE_MB=0: every request computes and renders)',
    { PAVED_FIGURE_CACHE_MB: '0', PAVED_RESPONSE_CACHE_MB: '0' },
    true,
  );
  // The same data directory: the demo is loaded and derived already.
  await measure(
    'figures cache only (PAVED_RESPONSE_CACHE_MB=0: every request renders)',
    { PAVED_RESPONSE_CACHE_MB: '0' },
    false,
  );
  await measure('figures and response caches (default)', {}, false);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
