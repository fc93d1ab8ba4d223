import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { COLLECTOR_NODE_FLAGS } from '../bin/worker-command';

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
