/**
 * The fake GitHub in a process of its own, so a benchmark measures the collector's memory
 * and not the fake's. Prints one JSON line `{ url, login, repositories }` and serves until killed.
 *   npx tsx tests/fakes/github/serve.ts --repositories 12 --days 3650 --end 2026-11-20T12:00:00Z [--latency-ms 300]
 */
import { generateFakeOrganisation } from './org';
import { startLatencyProxy } from '../../helpers/latency-proxy';
import { startFakeGithub } from './server';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1]!;
};
async function main() {
  const end = new Date(arg('end', '2026-11-20T12:00:00Z'));
  const org = generateFakeOrganisation({
    repositories: Number(arg('repositories', '10')),
    days: Number(arg('days', '180')),
    end,
    seed: Number(arg('seed', '7')),
  });
  const fake = await startFakeGithub(org, { now: () => end, pointsPerHour: 10_000_000 });
  // --latency-ms: every request waits first, as on a real network (GitHub answers GraphQL in ~300 ms).
  const latency = Number(arg('latency-ms', '0'));
  const proxy = latency > 0 ? await startLatencyProxy(fake.url, latency) : null;
  const commits = org.repositories.reduce((n, r) => n + r.commits.size, 0);
  process.stdout.write(
    JSON.stringify({
      url: proxy?.url ?? fake.url,
      statsUrl: fake.url,
      login: org.login,
      repositories: org.repositories.length,
      commits,
    }) + '\n',
  );
  process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
}

void main();
