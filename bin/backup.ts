import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../db/backup';
import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { runCli } from './run-cli';

/**
 * `npm run backup [-- FILE]`: a pg_dump custom-format file of Paved's database (the embedded
 * server, started for the purpose if it is not running, or DATABASE_URL). Default file:
 * backups/paved-<UTC instant>.dump.
 */
runCli(
  'backup',
  async () => {
    const stamp = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const file = path.resolve(process.argv[2] ?? path.join('backups', `paved-${stamp}.dump`));
    mkdirSync(path.dirname(file), { recursive: true });
    const { db, url } = await getProcessDatabase();
    await backupDatabase(db, url, file);
    console.log(`backup written to ${file}`);
  },
  closeProcessDatabase,
);
