import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closeProcessDatabase } from '../db/database';
import { resolveBindHost } from '../lib/access/bind';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { COMPILED, entryArgs } from './entries';
import { prepare } from './prepare';

const log = logger.child('supervisor');
const nextBin = path.resolve('node_modules/next/dist/bin/next');
const STOP_GRACE_MS = 15_000;
const MAX_RESTART_DELAY_MS = 30_000;

interface Part {
  name: 'web' | 'worker';
  args: string[];
  child: ChildProcess | null;
  restarts: number;
}

/**
 * `npm start` / `npm run dev`: PostgreSQL (embedded unless DATABASE_URL is set), a worker and
 * the web server, supervised. A part that dies is restarted with backoff. SIGTERM or SIGINT
 * stops them in order: web server and worker first (each finishes what is in flight), then
 * PostgreSQL, then exit 0.
 */
export async function supervise(mode: 'start' | 'dev'): Promise<void> {
  let stopping = false;
  const parts: Part[] = [];
  let build: ChildProcess | null = null;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping: web server and worker first, then the database');
    await Promise.all([...parts.map((part) => stopChild(part.child)), stopChild(build)]);
    // Also when start-up is still under way: the server it is starting is stopped once it is up.
    await closeProcessDatabase().catch(() => undefined);
    process.exit(code);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  // A wrapper that dies without passing the signal on (a shell, an old npm) must not leave us orphaned.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stopAll(0), 1000).unref();

  try {
    // Before the database starts: an unsafe HOST is refused at once.
    const { config } = loadConfig();
    const { host, notice } = resolveBindHost(config.auth, process.env);
    log.info(notice);
    if (config.server.adminToken) {
      log.warn(
        'server.adminToken is deprecated: use an admin API token (npm run token -- create --name NAME --role admin)',
      );
    }
    const { url, mode: dataMode } = await prepare();
    log.info(dataMode === 'demo' ? 'showing the demo organisation (no source configured)' : 'showing collected data');
    const env = {
      ...process.env,
      DATABASE_URL: url,
      NEXT_TELEMETRY_DISABLED: '1',
      PAVED_SUPERVISED: '1',
      PORT: process.env.PORT ?? '3000',
      PAVED_BIND_HOST: host ?? '',
    };
    // A compiled launcher (dist/, the production artefact) comes with its build.
    if (mode === 'start' && !COMPILED && !existsSync(path.resolve('.next/BUILD_ID'))) {
      log.info('no production build found: running next build (once)');
      build = spawn(process.execPath, [nextBin, 'build'], { stdio: 'inherit', env });
      const built = await new Promise<number>((resolve) => build!.on('exit', (code) => resolve(code ?? 1)));
      build = null;
      if (stopping) return;
      if (built !== 0) throw new Error('next build failed');
    }
    if (stopping) return;
    const worker: Part = { name: 'worker', args: entryArgs('worker'), child: null, restarts: 0 };
    const web: Part = { name: 'web', args: [...entryArgs('serve'), mode], child: null, restarts: 0 };
    parts.push(worker, web);
    const run = (part: Part, onReady?: () => void) => {
      const child = spawn(process.execPath, part.args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
      part.child = child;
      const started = Date.now();
      child.on('message', (message: { type?: string }) => {
        if (message?.type === 'ready') onReady?.();
      });
      child.on('exit', (code, signal) => {
        part.child = null;
        if (stopping) return;
        // A part that ran a while before dying starts again at once; one that keeps dying waits longer.
        part.restarts = Date.now() - started > 60_000 ? 0 : part.restarts + 1;
        const delay = Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** part.restarts);
        log.error(`${part.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
        setTimeout(() => !stopping && run(part), delay).unref();
      });
    };
    // The web server starts once the worker has brought derived data up to date.
    await new Promise<void>((resolve) => {
      run(worker, resolve);
      worker.child?.once('exit', () => resolve());
    });
    if (!stopping) run(web);
  } catch (error) {
    process.stderr.write(`paved ${mode} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    await stopAll(1);
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within the grace period. */
function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
