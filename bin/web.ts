import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getProcessDatabase } from '../db/database';
import { resolveBindHost } from '../lib/access/bind';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { COMPILED, entryArgs } from './entries';
import { prepare } from './prepare';

/**
 * `npm run web`: the web server alone (no worker, no schedules), for N web servers and M
 * workers sharing one external PostgreSQL (DATABASE_URL). Builds once when there is no build.
 */
async function main(): Promise<number> {
  const { host, notice } = resolveBindHost(loadConfig().config.auth, process.env);
  logger.child('web').info(notice);
  const { url } = await prepare();
  // Next opens its own pool; an embedded server this process started keeps running under it.
  const { db, embedded } = await getProcessDatabase();
  await db.destroy();
  const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1', PAVED_BIND_HOST: host ?? '' };
  const next = path.resolve('node_modules/next/dist/bin/next');
  const run = (args: string[]) =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, args, { stdio: 'inherit', env });
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => child.kill(signal));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1)));
    });
  try {
    if (!COMPILED && !existsSync(path.resolve('.next/BUILD_ID')) && (await run([next, 'build'])) !== 0) return 1;
    return await run([...entryArgs('serve'), 'start']);
  } finally {
    if (embedded?.owned) await embedded.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`paved web failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
