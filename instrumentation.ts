/**
 * Next.js calls `register()` once per server process: bring the database schema up to date.
 * Collection, derivation and schedules belong to the worker process (`npm run worker`), so
 * nothing slow or outbound runs in the web server. Node.js runtime only.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const [{ getDb }, { migrateToLatest }, { logger }] = await Promise.all([
    import('./db/database'),
    import('./db/migrate'),
    import('./lib/logger'),
  ]);
  try {
    await migrateToLatest(await getDb());
  } catch (error) {
    // /api/ready reports the database; the process stays up so /api/health answers.
    logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
  }
}
