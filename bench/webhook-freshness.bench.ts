/**
 * Freshness: from a GitHub delivery to the updated figure in /api/v1/dora for that service.
 * Paved as deployed (`npm start`: worker and web, from the production build) on its own
 * database, reading a demo-sized fake organisation (23 repositories) through a network's
 * latency; each sample adds a deployment at the fake, delivers `deployment` and
 * `deployment_status`, and polls the API until the service's deployment count moves.
 * Prints p50/p95 and the acknowledgement times; then sends 1,000 deliveries in a minute (5%
 * repeated) and prints how fast they were acknowledged. Asserts nothing.
 *
 *   npx tsx bench/webhook-freshness.bench.ts [--samples 10] [--latency-ms 200] [--debounce 5] [--days 90] [--load 1000]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { STACK_NOW, startWebhookStack, type WebhookStack } from '../tests/helpers/webhook-stack';
import { forRepository, githubExamples } from '../tests/webhooks/payloads';
import { percentile } from '../tests/webhooks/loopback';

// Today included: the default window ends at the start of today, before a delivery made now.
const TODAY = STACK_NOW.toISOString().slice(0, 10);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
};

/**
 * `count` push deliveries to the default branches of every repository, spread over one minute,
 * 5% of them sent twice (a redelivery): how long each took to be acknowledged, and the answers.
 */
async function loadPhase(stack: WebhookStack, count: number) {
  const [push] = githubExamples(['push']).filter((e) => (e.payload.ref as string).startsWith('refs/heads/'));
  const repositories = stack.github.org.repositories;
  const unique = Array.from({ length: Math.round(count * 0.95) }, (_, i) => {
    const repo = repositories[i % repositories.length]!;
    const { payload } = forRepository(push!, { owner: repo.owner, name: repo.name, defaultBranch: repo.defaultBranch });
    return { id: `load-${i}`, payload: { ...payload, ref: `refs/heads/${repo.defaultBranch}` } };
  });
  const repeats = count - unique.length;
  const sends = unique.flatMap((d, i) => (i % 19 === 0 && i / 19 < repeats ? [d, d] : [d]));
  const answers = await Promise.all(
    sends.map(async (d, i) => {
      await new Promise((r) => setTimeout(r, (i * 60_000) / sends.length));
      return stack.deliverGithub('push', d.payload, d.id);
    }),
  );
  const statuses: Record<number, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const ms = answers.map((a) => a.ms);
  return {
    deliveries: sends.length,
    repeated: sends.length - unique.length,
    statuses,
    acknowledgedMs: spread(ms),
  };
}

const spread = (ms: readonly number[]) => ({
  p50: Math.round(percentile(ms, 0.5)),
  p95: Math.round(percentile(ms, 0.95)),
  p99: Math.round(percentile(ms, 0.99)),
  max: Math.round(Math.max(...ms)),
});

/**
 * The server's own time for each GitHub delivery after `since` (its request log, from the
 * first byte read to the last written): the client's figure also holds this process's event
 * loop, which serves the fakes at the same time.
 */
function serverMs(logFile: string, since: number): number[] {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"/api/v1/webhooks/github"'))
    .map((line) => JSON.parse(line) as { time: number | string; durationMs: number })
    .filter((entry) => new Date(entry.time).getTime() >= since)
    .map((entry) => entry.durationMs);
}

async function main() {
  const samples = Number(arg('samples', '10'));
  const latencyMs = Number(arg('latency-ms', '200'));
  const debounceSeconds = Number(arg('debounce', '5'));
  const setup = performance.now();
  const dir = path.resolve('.test-data/bench-webhooks');
  const stack = await startWebhookStack({
    port: Number(arg('port', '3999')),
    dir,
    repositories: 23,
    days: Number(arg('days', '90')),
    latencyMs,
    debounceSeconds,
  });
  console.log(`stack ready in ${Math.round((performance.now() - setup) / 1000)} s (initial sync included)`);
  const deployments = async () =>
    (
      (await (await fetch(`${stack.url}/api/v1/dora?service=${stack.serviceSlug}&to=${TODAY}`)).json()) as {
        deploymentFrequency: { deployments: number };
      }
    ).deploymentFrequency.deployments;
  let load: (Awaited<ReturnType<typeof loadPhase>> & { serverMs?: object }) | null = null;
  const freshness: number[] = [];
  const acks: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const before = await deployments();
      const delivered = performance.now();
      for (const answer of await stack.deploy(new Date(STACK_NOW.getTime() - (samples - i) * 60_000), `bench-${i}`))
        acks.push(answer.ms);
      while ((await deployments()) <= before) {
        if (performance.now() - delivered > 120_000) throw new Error(`sample ${i}: no fresh figure after 120 s`);
        await new Promise((r) => setTimeout(r, 100));
      }
      freshness.push((performance.now() - delivered) / 1000);
      console.log(`sample ${i + 1}: ${freshness.at(-1)!.toFixed(2)} s`);
    }
    const loadStarted = Date.now();
    load = await loadPhase(stack, Number(arg('load', '1000')));
    const server = serverMs(`${dir}.log`, loadStarted);
    load = { ...load, serverMs: { deliveries: server.length, ...spread(server) } };
  } finally {
    await stack.stop();
  }
  console.log(
    JSON.stringify(
      {
        organisation: '23 repositories (demo-sized)',
        latencyMs,
        debounceSeconds,
        samples,
        freshnessSeconds: {
          p50: percentile(freshness, 0.5),
          p95: percentile(freshness, 0.95),
          max: Math.max(...freshness),
        },
        acknowledgedMs: spread(acks),
        load,
      },
      null,
      2,
    ),
  );
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
