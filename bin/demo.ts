import { loadDemoOrganisation } from '../collectors/demo/load-demo';
import { closeProcessDatabase, getDb } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { loadConfig } from '../lib/config';
import { deriveAll } from '../scorecards/derive-all';
import { runCli } from './run-cli';

runCli(
  'demo',
  async () => {
    const db = await getDb();
    await migrateToLatest(db);
    const started = Date.now();
    const info = await loadDemoOrganisation(db);
    await deriveAll(db, loadConfig());
    console.log(`demo organisation loaded in ${((Date.now() - started) / 1000).toFixed(1)} s, ending ${info.anchor}:`);
    for (const [key, value] of Object.entries(info.counts)) console.log(`  ${key}: ${value}`);
  },
  closeProcessDatabase,
);
