import path from 'node:path';
import { restoreDatabase } from '../db/backup';
import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { runCli } from './run-cli';

/**
 * `npm run restore FILE`: restores a backup into an empty database (a new DATABASE_URL, or the
 * embedded server on an empty PAVED_DATA_DIR), then applies any migration newer than the
 * backup, so a backup from an older Paved restores into this one.
 */
runCli(
  'restore',
  async () => {
    const file = process.argv[2];
    if (!file) {
      process.stderr.write('usage: npm run restore FILE\n');
      return 2;
    }
    const { db, url } = await getProcessDatabase();
    await restoreDatabase(db, url, path.resolve(file));
    await migrateToLatest(db);
    console.log(`restored ${path.resolve(file)}`);
  },
  closeProcessDatabase,
);
