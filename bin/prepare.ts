import { ensureDataMode, type DataMode } from '../collectors/demo/ensure-demo';
import { getProcessDatabase } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { loadConfig, type LoadedConfig } from '../lib/config';

/** Config, database, migrations and data mode: what every entry point needs first. */
export async function prepare(): Promise<{ loaded: LoadedConfig; url: string; mode: DataMode; ownsEmbedded: boolean }> {
  const loaded = loadConfig();
  const { db, url, embedded } = await getProcessDatabase();
  await migrateToLatest(db);
  const mode = await ensureDataMode(db, loaded.config);
  return { loaded, url, mode, ownsEmbedded: embedded?.owned ?? false };
}
