import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../db/backup';
import { backupEmbeddedServer } from '../db/base-backup';
import { closeProcessDatabase, getProcessDatabase } from '../db/database';
import { now } from '../lib/clock';
import { runCli } from './run-cli';

/**
 * `npm run backup [-- FILE]`: a backup of Paved's database. The embedded server (started for the
 * purpose if it is not running) gets a base backup of its data directory, taken online
 * (db/base-backup.ts; default file backups/paved-<UTC instant>.tar.gz); an external DATABASE_URL
 * gets a pg_dump custom-format file (default backups/paved-<UTC instant>.dump).
 */
runCli(
  'backup',
  async () => {
    const { db, url, embedded } = await getProcessDatabase();
    const stamp = now()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z');
    const name = `paved-${stamp}${embedded ? '.tar.gz' : '.dump'}`;
    const file = path.resolve(process.argv[2] ?? path.join('backups', name));
    mkdirSync(path.dirname(file), { recursive: true });
    if (embedded) await backupEmbeddedServer(url, file);
    else await backupDatabase(db, url, file);
    console.log(`backup written to ${file}`);
  },
  closeProcessDatabase,
);
