import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { BackupError, backupDatabase, findPgTool, restoreDatabase, serverMajor } from '../../db/backup';
import { createDb, type Db } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded';
import { migrateToLatest } from '../../db/migrate';
import { configSchema } from '../../lib/config-schema';
import { getDoraFigures } from '../../metrics/dora';
import { deriveAll } from '../../scorecards/derive-all';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const NOW = new Date('2026-06-01T12:00:00Z');
const config = configSchema.parse({});
const window = { from: new Date('2026-03-03T00:00:00Z'), to: NOW };

/** What the dashboard shows: the organisation's and each team's figures, and the scorecard results. */
async function figures(db: Db) {
  const teams = await db.selectFrom('teams').select('slug').orderBy('slug').execute();
  const scorecards = await db
    .selectFrom('scorecard_results')
    .selectAll()
    .execute()
    .then((rows) => rows.map((r) => JSON.stringify({ ...r, id: undefined })).sort());
  return {
    organisation: await getDoraFigures(db, config, { type: 'organisation' }, window),
    teams: await Promise.all(teams.map((t) => getDoraFigures(db, config, { type: 'team', slug: t.slug }, window))),
    scorecards,
  };
}

/** `npm run backup` / `npm run restore` as a user runs them, on the embedded server under `dataDir`. */
function cli(
  script: 'backup' | 'restore',
  file: string,
  dataDir: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, PAVED_DATA_DIR: dataDir, NO_COLOR: '1' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', `bin/${script}.ts`, file], { env });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run backup / npm run restore on the embedded server (a base backup, taken online)', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'paved-base-backup-'));
  chmodSync(scratch, 0o711); // as root, the server runs as `postgres`, which must reach its data
  const [original, restored] = [path.join(scratch, 'original'), path.join(scratch, 'restored')];
  const file = path.join(scratch, 'paved.tar.gz');

  afterAll(() => {
    delete process.env.PAVED_NOW;
    rmSync(scratch, { recursive: true, force: true }); // two data directories of ~150 MB
  });

  it('round-trips the demo organisation, written to during the backup, with the same figures', async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    const server = await startEmbeddedPostgres(original);
    const db = createDb(server.url, { max: 3 });
    let before: Awaited<ReturnType<typeof figures>>;
    let committedBefore: number;
    try {
      await migrateToLatest(db);
      await loadDemoOrganisation(db, { at: NOW });
      await deriveAll(db, { config, file: null, fingerprint: 'test' });
      before = await figures(db);
      // Writes keep landing while the copy is made: the restored server must come back with
      // an unbroken prefix of them, at least those committed before the backup began.
      await sql`create table backup_writes (n int primary key)`.execute(db);
      let n = 0;
      let writing = true;
      const writer = (async () => {
        while (writing) await sql`insert into backup_writes values (${++n})`.execute(db);
      })();
      await new Promise((r) => setTimeout(r, 200));
      committedBefore = n - 1;
      const backup = await cli('backup', file, original);
      writing = false;
      await writer;
      expect(backup.output).toContain(`backup written to ${file}`);
      expect(backup.code).toBe(0);
    } finally {
      await db.destroy();
      await server.stop();
    }

    const restore = await cli('restore', file, restored);
    expect(restore.output).toContain(`restored ${file}`);
    expect(restore.code).toBe(0);
    expect(readFileSync(path.join(restored, 'postgres-password'), 'utf8')).toBe(
      readFileSync(path.join(original, 'postgres-password'), 'utf8'),
    );
    const again = await startEmbeddedPostgres(restored);
    const copy = createDb(again.url, { max: 3 });
    try {
      expect(before.organisation).toBeTruthy();
      expect(before.scorecards.length).toBeGreaterThan(0);
      expect(await figures(copy)).toEqual(before);
      const { rows } = await sql<{ n: number; max: number }>`
        select count(*)::int as n, coalesce(max(n), 0) as max from backup_writes`.execute(copy);
      expect(rows[0]!.n).toBe(rows[0]!.max);
      expect(rows[0]!.n).toBeGreaterThanOrEqual(committedBefore);
    } finally {
      await copy.destroy();
      await again.stop();
    }
  }, 240_000);

  it('refuses a data directory that holds a database, and a damaged archive, leaving nothing half-restored', async () => {
    expect(existsSync(file)).toBe(true);
    const refused = await cli('restore', file, original);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/already holds a database: restore into an empty PAVED_DATA_DIR/);

    const cut = path.join(scratch, 'cut.tar.gz');
    writeFileSync(cut, readFileSync(file));
    truncateSync(cut, Math.floor(readFileSync(file).length / 2));
    const target = path.join(scratch, 'from-cut');
    const damaged = await cli('restore', cut, target);
    expect(damaged.code).toBe(1);
    expect(damaged.output).toMatch(/is damaged|incomplete/);
    expect(existsSync(path.join(target, 'postgres')) ? readdirSync(path.join(target, 'postgres')) : []).toEqual([]);
  }, 120_000);
});

describe('npm run backup / npm run restore with pg_dump (an external database)', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-backup-')), 'paved.dump');
  beforeAll(async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase({ migrate: false })]);
    await loadDemoOrganisation(source.db, { at: NOW });
    await deriveAll(source.db, { config, file: null, fingerprint: 'test' });
  }, 180_000);
  afterAll(async () => {
    delete process.env.PAVED_NOW;
    await Promise.all([source.drop(), target.drop()]);
  });

  it('round-trips the demo organisation into an empty database with the same figures', async (ctx) => {
    // pg_dump refuses a server newer than itself: CI's embedded PostgreSQL 18 pass has only Debian's
    // 15 client, so the round trip runs in its PostgreSQL 15 pass (and wherever matching tools exist).
    const tools = await findPgTool('pg_dump', await serverMajor(source.db)).catch((error: Error) => error);
    if (tools instanceof BackupError) return ctx.skip(tools.message);
    await backupDatabase(source.db, source.url, file);
    await restoreDatabase(target.db, target.url, file);
    await migrateToLatest(target.db);
    const before = await figures(source.db);
    expect(before.organisation).toBeTruthy();
    expect(before.scorecards.length).toBeGreaterThan(0);
    expect(await figures(target.db)).toEqual(before);
  }, 120_000);

  it('refuses to restore over a database that holds tables, and says why a tool is missing', async () => {
    const someDump = path.join(path.dirname(file), 'any.dump');
    writeFileSync(someDump, 'PGDMP');
    await expect(restoreDatabase(source.db, source.url, someDump)).rejects.toThrow(/already holds \d+ tables/);
    await expect(restoreDatabase(target.db, target.url, '/nonexistent.dump')).rejects.toThrow('no such backup file');
    await expect(findPgTool('pg_dump', 99, { PATH: '' })).rejects.toBeInstanceOf(BackupError);
    await expect(findPgTool('pg_dump', 99, { PATH: '' })).rejects.toThrow(/pg_dump 99 or newer is needed/);
  });
});
