import { closeProcessDatabase, getDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { runCli } from './run-cli';

runCli(
  'migrate',
  async () => {
    const applied = await migrateToLatest(await getDb());
    console.log(applied.length === 0 ? 'migrations: already current' : `migrations applied: ${applied.join(', ')}`);
  },
  closeProcessDatabase,
);
