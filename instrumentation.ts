/**
 * Next.js calls `register()` once per server process: bring the database schema up to date.
 * Collection, derivation and schedules belong to the worker process (`npm run worker`), so
 * nothing slow or outbound runs in the web server. Node.js runtime only.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ getDb, getProcessDatabase }, { migrateToLatest }, { logger }, { getProcessQueue }, { loadConfigCached }] =
    await Promise.all([
      import('./db/database'),
      import('./db/migrate'),
      import('./lib/logger'),
      import('./db/queue'),
      import('./lib/config'),
    ]);
  try {
    await migrateToLatest(await getDb());
    // A webhook must be answered within a second: open the queue client now, not at the first delivery.
    const { config } = loadConfigCached();
    if (config.github?.webhookSecret || config.pagerduty?.webhookSecrets.length)
      await getProcessQueue((await getProcessDatabase()).url);
  } catch (error) {
    // /api/ready reports the database; the process stays up so /api/health answers.
    logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
  }
}
