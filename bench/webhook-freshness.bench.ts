/**
 * Freshness: from a GitHub delivery to the updated figure in /api/v1/dora for that service.
 * Paved as deployed (`npm start`: worker and web, from the production build) on its own
 * database, reading a demo-sized fake organisation (23 repositories) through a network's
 * latency; each sample adds a deployment at the fake, delivers `deployment` and
 * `deployment_status`, and polls the API until the service's deployment count moves.
 * Prints p50/p95 and the acknowledgement times; asserts nothing.
 *
 *   npx tsx bench/webhook-freshness.bench.ts [--samples 10] [--latency-ms 200] [--debounce 5] [--days 90]
 */
import path from 'node:path';
import { STACK_NOW, startWebhookStack } from '../tests/helpers/webhook-stack';
import { percentile } from '../tests/webhooks/loopback';

// Today included: the default window ends at the start of today, before a delivery made now.
const TODAY = STACK_NOW.toISOString().slice(0, 10);
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
};

async function main() {
  const samples = Number(arg('samples', '10'));
  const latencyMs = Number(arg('latency-ms', '200'));
  const debounceSeconds = Number(arg('debounce', '5'));
  const setup = performance.now();
  const stack = await startWebhookStack({
    port: Number(arg('port', '3999')),
    dir: path.resolve('.test-data/bench-webhooks'),
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
        acknowledgedMs: { p50: Math.round(percentile(acks, 0.5)), p99: Math.round(percentile(acks, 0.99)) },
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
