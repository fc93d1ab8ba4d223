import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import pg from 'pg';
import { z } from 'zod';
import { now } from '../lib/clock';
import { BackupError } from './backup';
import { embeddedPostgresMajor, handToPostgresUser } from './embedded';
import { readTar, TarFormatError, TarWriter } from './tar';

/**
 * Backups of the embedded server, which ships no pg_dump (and a pg_dump older than the server
 * refuses it): a base backup through PostgreSQL's low-level API, "Making a Base Backup Using the
 * Low Level API" in its manual. On one session, pg_backup_start; copy the data directory while
 * the server runs; pg_backup_stop, whose backup_label goes into the copy; then the WAL written
 * from start to stop. A temporary replication slot, created first, keeps that WAL from being
 * recycled meanwhile. Restored into an empty data directory, the server replays the WAL from
 * the label's checkpoint at its first start (as with pg_basebackup's output) and is consistent.
 *
 * The archive is a gzipped tar: a manifest first (so a restore checks the PostgreSQL major before
 * writing anything), the data directory under `postgres/`, and the generated password under
 * `postgres-password` (the restored server keeps the original's roles and their passwords).
 */
const MANIFEST = 'paved-backup.json';
const PASSWORD = 'postgres-password';
const DATA = 'postgres';
const FORMAT = 'paved-embedded-base-backup';

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  postgresMajor: z.number().int(),
  serverVersion: z.string(),
  createdAt: z.string(),
});
type Manifest = z.infer<typeof manifestSchema>;

/** Directories whose contents a base backup leaves out (PostgreSQL's own list in basebackup.c). */
const EMPTIED = new Set([
  'pg_dynshmem',
  'pg_notify',
  'pg_replslot',
  'pg_serial',
  'pg_snapshots',
  'pg_stat_tmp',
  'pg_subtrans',
  'pg_wal',
]);
/** Files that describe the running server, not its data; backup_label comes from pg_backup_stop. */
const LEFT_OUT = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'backup_label',
  'tablespace_map',
  'backup_manifest',
  'postgresql.auto.conf.tmp',
  'current_logfiles.tmp',
]);
const isTemporary = (name: string) =>
  name.startsWith('pgsql_tmp') || name.startsWith('pg_internal.init') || /^t\d+_\d+/.test(name);

/** True when `file` starts like a gzip stream (a base-backup archive; a pg_dump file starts with PGDMP). */
export async function isBaseBackupArchive(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** WAL segment number of a segment file name (timeline, then log and segment, 8 hex digits each). */
function segmentNumber(file: string, segmentsPerLog: bigint): bigint {
  return BigInt(`0x${file.slice(8, 16)}`) * segmentsPerLog + BigInt(`0x${file.slice(16, 24)}`);
}

function segmentName(timeline: string, segment: bigint, segmentsPerLog: bigint): string {
  const hex = (n: bigint) => n.toString(16).toUpperCase().padStart(8, '0');
  return timeline + hex(segment / segmentsPerLog) + hex(segment % segmentsPerLog);
}

/** Adds the data directory's files below `relative` to the archive, in the order listed. */
async function addTree(tar: TarWriter, pgdata: string, relative: string, last: string[]): Promise<void> {
  const absolute = path.join(pgdata, relative);
  let names: string[];
  try {
    names = (await readdir(absolute)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // dropped meanwhile
    throw error;
  }
  for (const name of names) {
    const rel = relative ? `${relative}/${name}` : name;
    if (LEFT_OUT.has(rel) || isTemporary(name)) continue;
    if (rel === 'global/pg_control') {
      last.push(rel);
      continue;
    }
    const stat = await lstat(path.join(pgdata, rel)).catch(() => null);
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      // Only pg_tblspc (tablespaces) and a relocated pg_wal hold links; Paved creates neither.
      throw new BackupError(
        `${path.join(pgdata, rel)} is a symbolic link (a tablespace or a relocated pg_wal): not supported by this backup`,
      );
    }
    if (stat.isDirectory()) {
      await tar.directory(`${DATA}/${rel}`, stat.mode);
      if (EMPTIED.has(rel)) {
        // pg_wal keeps its subfolders (archive_status, summaries), which the server expects; the
        // others stay empty (a slot's folder without its state file would stop recovery).
        if (rel === 'pg_wal')
          for (const sub of (await readdir(path.join(pgdata, rel), { withFileTypes: true })).filter((d) =>
            d.isDirectory(),
          ))
            await tar.directory(`${DATA}/${rel}/${sub.name}`);
        continue;
      }
      await addTree(tar, pgdata, rel, last);
    } else if (stat.isFile()) {
      await tar.file(`${DATA}/${rel}`, path.join(pgdata, rel), stat.size, stat.mode, stat.mtimeMs);
    }
  }
}

/**
 * Writes a base backup of the embedded server at `url` (its bootstrap superuser) to `file`,
 * online: the server keeps serving while the copy is made.
 */
export async function backupEmbeddedServer(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'paved backup' });
  await client.connect();
  const partial = `${file}.partial`;
  try {
    const setting = async (name: string) =>
      (await client.query<{ v: string }>('select current_setting($1) as v', [name])).rows[0]!.v;
    const pgdata = await setting('data_directory');
    if (!existsSync(path.join(pgdata, 'PG_VERSION')))
      throw new BackupError(`the server's data directory ${pgdata} is not readable from here`);
    const serverVersion = await setting('server_version');
    const segmentBytes = BigInt(
      (await client.query<{ v: string }>(`select setting as v from pg_settings where name = 'wal_segment_size'`))
        .rows[0]!.v,
    );
    const segmentsPerLog = 0x1_0000_0000n / segmentBytes;
    const manifest: Manifest = {
      format: FORMAT,
      version: 1,
      postgresMajor: Math.floor(Number(await setting('server_version_num')) / 10_000),
      serverVersion,
      createdAt: now().toISOString(),
    };

    const gzip = createGzip();
    const out = createWriteStream(partial, { mode: 0o600 });
    gzip.pipe(out);
    const written = finished(out);
    const tar = new TarWriter(gzip);
    await tar.buffer(MANIFEST, Buffer.from(JSON.stringify(manifest, null, 2) + '\n'));
    const passwordFile = path.join(path.dirname(pgdata), PASSWORD);
    if (existsSync(passwordFile)) await tar.buffer(PASSWORD, await readFile(passwordFile));

    // Reserve the WAL from here on, then start the backup (with an immediate checkpoint).
    await client.query('select pg_create_physical_replication_slot($1, true, true)', [`paved_backup_${process.pid}`]);
    await client.query('select pg_backup_start($1, true)', [`paved ${manifest.createdAt}`]);
    await tar.directory(DATA);
    const last: string[] = [];
    await addTree(tar, pgdata, '', last);
    // pg_control last, as pg_basebackup sends it.
    for (const rel of last) {
      const stat = await lstat(path.join(pgdata, rel));
      await tar.file(`${DATA}/${rel}`, path.join(pgdata, rel), stat.size, stat.mode, stat.mtimeMs);
    }
    const stop = (
      await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null; stop_file: string }>(
        'select lsn, labelfile, spcmapfile, pg_walfile_name(lsn) as stop_file from pg_backup_stop(false)',
      )
    ).rows[0]!;
    await tar.buffer(`${DATA}/backup_label`, Buffer.from(stop.labelfile));
    if (stop.spcmapfile) await tar.buffer(`${DATA}/tablespace_map`, Buffer.from(stop.spcmapfile));

    // The WAL from the backup's checkpoint to its end, which the restored server replays.
    const startFile = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
    if (!startFile) throw new BackupError('pg_backup_stop returned a backup label without a start WAL file');
    const timeline = startFile.slice(0, 8);
    const from = segmentNumber(startFile, segmentsPerLog);
    const to = segmentNumber(stop.stop_file, segmentsPerLog);
    for (let segment = from; segment <= to; segment++) {
      const name = segmentName(timeline, segment, segmentsPerLog);
      const source = path.join(pgdata, 'pg_wal', name);
      const stat = await lstat(source).catch(() => null);
      if (!stat || !(await tar.file(`${DATA}/pg_wal/${name}`, source, stat.size)))
        throw new BackupError(`WAL segment ${name}, needed by the backup, is missing from ${pgdata}/pg_wal`);
    }
    for (const name of readdirSync(path.join(pgdata, 'pg_wal')).filter((n) => n.endsWith('.history'))) {
      const source = path.join(pgdata, 'pg_wal', name);
      await tar.file(`${DATA}/pg_wal/${name}`, source, (await lstat(source)).size);
    }
    await tar.finish();
    await written;
    renameSync(partial, file);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    // Ending the session also abandons an unfinished backup and drops the temporary slot.
    await client.end().catch(() => undefined);
  }
}

/** Entries this restore writes: the manifest, the password and the data directory, nothing else. */
function targetOf(name: string, root: string): string | null {
  if (name === MANIFEST) return null;
  if (name === PASSWORD) return path.join(root, PASSWORD);
  const parts = name.split('/');
  if (parts[0] !== DATA || parts.some((p) => p === '' || p === '.' || p === '..'))
    throw new BackupError(`unexpected entry in the backup archive: ${JSON.stringify(name)}`);
  return path.join(root, ...parts);
}

/**
 * Restores an archive written by backupEmbeddedServer as the data directory of the embedded
 * server under `root` (PAVED_DATA_DIR), which must not hold one yet. The server recovers at its
 * next start.
 */
export async function restoreEmbeddedServer(file: string, root: string): Promise<void> {
  const pgdata = path.join(root, DATA);
  if (existsSync(pgdata) && readdirSync(pgdata).length > 0)
    throw new BackupError(
      `${pgdata} already holds a database: restore into an empty PAVED_DATA_DIR (or move ${root} aside)`,
    );
  await mkdir(root, { recursive: true });
  let manifest: Manifest | null = null;
  let label = false;
  const fail = (why: string) => new BackupError(`${file} is not a backup this Paved can restore: ${why}`);
  try {
    await readTar(createReadStream(file).pipe(createGunzip()), async (entry, content) => {
      if (!manifest) {
        if (entry.name !== MANIFEST || entry.size > 64 * 1024) throw fail(`no ${MANIFEST} first`);
        const chunks: Buffer[] = [];
        for await (const chunk of content()) chunks.push(chunk);
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw fail(`${MANIFEST} is not JSON`);
        }
        const checked = manifestSchema.safeParse(parsed);
        if (!checked.success) throw fail(`${MANIFEST} describes another format`);
        manifest = checked.data;
        const major = await embeddedPostgresMajor();
        if (manifest.postgresMajor !== major)
          throw new BackupError(
            `${file} holds a PostgreSQL ${manifest.postgresMajor} data directory; the embedded server is PostgreSQL ${major}: restore it with a Paved whose embedded server is PostgreSQL ${manifest.postgresMajor}`,
          );
        return;
      }
      const target = targetOf(entry.name, root);
      if (!target) return;
      if (entry.name === `${DATA}/backup_label`) label = true;
      if (entry.type === 'directory') {
        await mkdir(target, { recursive: true, mode: 0o700 });
        return;
      }
      // The password is replaced (the restored roles keep the archived one); data files are new.
      const handle = await open(target, entry.name === PASSWORD ? 'w' : 'wx', 0o600);
      try {
        for await (const chunk of content()) await handle.write(chunk);
      } finally {
        await handle.close();
      }
    });
    if (!label) throw new BackupError(`${file} has no backup_label: it is not a complete backup`);
  } catch (error) {
    rmSync(pgdata, { recursive: true, force: true });
    if (error instanceof TarFormatError || (error as NodeJS.ErrnoException).code?.startsWith('Z_'))
      throw new BackupError(`${file} is damaged: ${(error as Error).message}`);
    throw error;
  }
  handToPostgresUser(pgdata);
}
