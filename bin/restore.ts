import { existsSync } from 'node:fs';
import path from 'node:path';
import { BackupError, restoreDatabase } from '../db/backup';
import { isBaseBackupArchive, restoreEmbeddedServer } from '../db/base-backup';
import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { dataDir } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { runCli } from './run-cli';

/**
 * `npm run restore FILE`: restores a backup, then applies any migration newer than it, so a
 * backup from an older Paved restores into this one. A base backup of the embedded server
 * becomes the data directory of an empty PAVED_DATA_DIR (and PostgreSQL recovers it as it
 * starts); a pg_dump file goes into an empty database (a new DATABASE_URL, or the embedded
 * server on an empty PAVED_DATA_DIR).
 */
runCli(
  'restore',
  async () => {
    const file = process.argv[2] ? path.resolve(process.argv[2]) : null;
    if (!file) {
      process.stderr.write('usage: npm run restore FILE\n');
      return 2;
    }
    if (!existsSync(file)) throw new BackupError(`no such backup file: ${file}`);
    const baseBackup = await isBaseBackupArchive(file);
    if (baseBackup) {
      if (process.env.DATABASE_URL)
        throw new BackupError(
          `${file} is a base backup of the embedded server: restore it without DATABASE_URL, into an empty PAVED_DATA_DIR (to move to an external database, restore it there first, then copy it with pg_dump)`,
        );
      await restoreEmbeddedServer(file, dataDir());
    }
    const { db, url } = await getProcessDatabase();
    if (!baseBackup) await restoreDatabase(db, url, file);
    await migrateToLatest(db);
    console.log(`restored ${file}`);
  },
  closeProcessDatabase,
);
