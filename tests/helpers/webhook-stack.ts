import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded';
import { forRepository, githubExamples, githubSignature, signPagerdutyBody } from '../webhooks/payloads';
import { addDeployment, generateFakeOrganisation, type FakeRepository } from '../fakes/github/org';
import { FAKE_GITHUB_TOKEN, startFakeGithub, type FakeGithub } from '../fakes/github/server';
import { generateAccount, type FakeIncident } from '../fakes/pagerduty/account';
import { startFakePagerduty, type FakePagerduty } from '../fakes/pagerduty/server';
import { startLatencyProxy } from './latency-proxy';

/**
 * Paved as deployed (`npm start`: supervisor, worker, web) on a database of its own, reading
 * a fake GitHub and PagerDuty through a network's latency, with both webhooks configured: for
 * the webhook e2e test and the freshness benchmark. One catalog service, `hooked`, owns the
 * first repository and the PagerDuty service of the first open incident.
 */
export const STACK_NOW = new Date('2026-11-20T12:00:00Z');
const SECRETS = { STACK_GH_HOOK: 'stack-github-secret', STACK_PD_HOOK: 'stack-pagerduty-secret' };
const PD_TOKEN = 'stack-pd-token';
const DAY = 86_400_000;

export interface WebhookStack {
  url: string;
  github: FakeGithub;
  pagerduty: FakePagerduty;
  repository: FakeRepository;
  openIncident: FakeIncident;
  serviceSlug: string;
  /** Signs and POSTs a delivery; answers the HTTP status and the time to the answer. */
  deliverGithub(event: string, payload: unknown, deliveryId: string): Promise<{ status: number; ms: number }>;
  deliverPagerduty(payload: unknown): Promise<{ status: number; ms: number }>;
  /**
   * What a deploy tool and GitHub do: a deployment of the first repository at `at`, then its
   * `deployment` and `deployment_status` deliveries (ids `${id}-deployment`, `${id}-status`).
   */
  deploy(at: Date, id: string): Promise<{ status: number; ms: number }[]>;
  stop(): Promise<void>;
}

export async function startWebhookStack(options: {
  port: number;
  dir: string;
  repositories?: number;
  days?: number;
  latencyMs?: number;
  debounceSeconds?: number;
}): Promise<WebhookStack> {
  rmSync(options.dir, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  const closers: (() => Promise<unknown>)[] = [];
  const github = await startFakeGithub(
    generateFakeOrganisation({
      repositories: options.repositories ?? 4,
      days: options.days ?? 60,
      end: STACK_NOW,
      seed: 14,
    }),
    { now: () => STACK_NOW, pointsPerHour: 10_000_000 },
  );
  const account = generateAccount({
    seed: 9,
    services: 2,
    incidents: 60,
    from: new Date(STACK_NOW.getTime() - 50 * DAY),
    to: STACK_NOW,
  });
  const pagerduty = await startFakePagerduty({ token: PD_TOKEN, account, now: STACK_NOW });
  closers.push(github.close, pagerduty.close);
  const repository = github.org.repositories[0]!;
  const openIncident = account.incidents.find((i) => i.status !== 'resolved');
  if (!openIncident) throw new Error('the fake PagerDuty account has no open incident');
  const database: EmbeddedServer = await startEmbeddedPostgres(path.join(options.dir, 'pg'));
  closers.push(() => database.stop());

  const configFile = path.join(options.dir, 'paved.yaml');
  const writeConfig = (githubUrl: string, pagerdutyUrl: string) =>
    writeFileSync(
      configFile,
      [
        'github:',
        `  apiUrl: ${githubUrl}`,
        `  token: ${FAKE_GITHUB_TOKEN}`,
        `  organizations: [${github.org.login}]`,
        `  backfillDays: ${options.days ?? 60}`,
        '  webhookSecret: ${STACK_GH_HOOK}',
        'pagerduty:',
        `  apiUrl: ${pagerdutyUrl}`,
        `  token: ${PD_TOKEN}`,
        `  backfillDays: ${options.days ?? 60}`,
        '  webhookSecrets: ["${STACK_PD_HOOK}"]',
        'catalog:',
        '  services:',
        '    - slug: hooked',
        `      repositories: [${repository.owner}/${repository.name}]`,
        `      pagerdutyServiceIds: [${openIncident.serviceId}]`,
        'webhooks:',
        `  debounceSeconds: ${options.debounceSeconds ?? 1}`,
        'schedule:',
        '  enabled: false',
        `scorecards: ${path.resolve('scorecards.yaml')}`,
        '',
      ].join('\n'),
    );
  const env = {
    ...process.env,
    ...SECRETS,
    PAVED_CONFIG: configFile,
    DATABASE_URL: database.url,
    PAVED_NOW: STACK_NOW.toISOString(),
    NEXT_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
  };
  // The initial sync straight from the fakes; the server then reads them at a network's pace.
  writeConfig(github.url, pagerduty.url);
  // Not spawnSync: the fakes answer from this process's event loop.
  const sync = spawn(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  sync.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  sync.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => sync.once('exit', resolve));
  if (code !== 0) throw new Error(`the initial sync failed:\n${output}`);
  const latency = options.latencyMs ?? 0;
  if (latency > 0) {
    const githubProxy = await startLatencyProxy(github.url, latency);
    const pagerdutyProxy = await startLatencyProxy(pagerduty.url, latency);
    closers.push(githubProxy.close, pagerdutyProxy.close);
    writeConfig(githubProxy.url, pagerdutyProxy.url);
  }
  // Its log beside the data directory, kept after stop() for a failed test's reader.
  const log = openSync(`${options.dir}.log`, 'w');
  const paved: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    stdio: ['ignore', log, log],
    env: { ...env, PORT: String(options.port), HOST: '127.0.0.1' },
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 180_000;
  while ((await fetch(`${url}/api/ready`).catch(() => null))?.status !== 200) {
    if (paved.exitCode !== null) throw new Error(`Paved exited with ${paved.exitCode}`);
    if (Date.now() > deadline) throw new Error('Paved did not become ready');
    await new Promise((r) => setTimeout(r, 500));
  }

  const post = async (source: string, body: string, headers: Record<string, string>) => {
    const started = performance.now();
    const response = await fetch(`${url}/api/v1/webhooks/${source}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - started };
  };
  const deliverGithub = (event: string, payload: unknown, deliveryId: string) => {
    const body = JSON.stringify(payload);
    return post('github', body, {
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-hub-signature-256': githubSignature(SECRETS.STACK_GH_HOOK, body),
    });
  };
  return {
    url,
    github,
    pagerduty,
    repository,
    openIncident,
    serviceSlug: 'hooked',
    deliverGithub,
    async deliverPagerduty(payload) {
      const body = JSON.stringify(payload);
      return post('pagerduty', body, { 'x-pagerduty-signature': signPagerdutyBody([SECRETS.STACK_PD_HOOK], body) });
    },
    async deploy(at, id) {
      addDeployment(repository, at);
      const target = { owner: repository.owner, name: repository.name, defaultBranch: repository.defaultBranch };
      const answers = [];
      for (const example of githubExamples(['deployment', 'deployment_status']).filter(
        (e, i, all) => all.findIndex((o) => o.event === e.event) === i,
      )) {
        const { event, payload } = forRepository(example, target);
        answers.push(await deliverGithub(event, payload, `${id}-${event === 'deployment' ? 'deployment' : 'status'}`));
      }
      return answers;
    },
    async stop() {
      paved.kill('SIGTERM');
      await new Promise((resolve) => (paved.exitCode !== null ? resolve(null) : paved.once('exit', resolve)));
      for (const close of closers.reverse()) await close().catch(() => undefined);
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}
