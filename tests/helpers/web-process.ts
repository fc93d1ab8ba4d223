import { closeProcessDatabase } from '../../db/database';
import { closeProcessQueue } from '../../db/queue';

/** Closes what route handlers open for the web process: its queue client, then its database pool. */
export async function closeWebProcess(): Promise<void> {
  await closeProcessQueue();
  await closeProcessDatabase();
}
