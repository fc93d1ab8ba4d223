/**
 * Next.js calls `register()` once per server process: migrate the database, then start
 * the scheduled sync. Only in the Node.js runtime (the edge runtime has no database).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { startServerRuntime } = await import('./collectors/server-runtime');
  await startServerRuntime();
}
