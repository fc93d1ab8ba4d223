import 'server-only';
import { getDb } from '@/db/database';
import { loadConfigCached } from '@/lib/config';

/** What a server component or route handler needs: the process's database and the config. */
export async function getServerContext() {
  return { db: await getDb(), loaded: loadConfigCached() };
}
