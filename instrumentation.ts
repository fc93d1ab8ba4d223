/**
 * Next.js calls `register()` once per server process: migrate the database, bring derived
 * data up to date, then start the scheduled sync. Node.js runtime only.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const [
    { startSchedulerOnce },
    { getDb },
    { migrateToLatest },
    { loadConfig },
    { logger },
    { deriveAll },
    { watchScorecardsFile },
    { scorecardFactPaths },
  ] = await Promise.all([
    import('./collectors/schedule'),
    import('./db/database'),
    import('./db/migrate'),
    import('./lib/config'),
    import('./lib/logger'),
    import('./scorecards/derive-all'),
    import('./scorecards/watch-scorecards-file'),
    import('./scorecards/referenced-paths'),
  ]);
  try {
    const loaded = loadConfig();
    const db = await getDb();
    await migrateToLatest(db);
    // A derivation error (an invalid scorecards file, say) must not stop the scheduler: the next sync reports it too.
    await deriveAll(db, loaded).catch((error: unknown) =>
      logger.error('derivation failed at start-up', { error: error instanceof Error ? error.message : String(error) }),
    );
  } catch (error) {
    // /api/ready reports the database; the process stays up so /api/health answers.
    logger.error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  if (process.env.PAVED_SCHEDULER === 'off') return;
  startSchedulerOnce({ getDb, loadConfig, derive: deriveAll, factPaths: scorecardFactPaths });
  watchScorecardsFile({ getDb, loadConfig });
}
