import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { closeProcessDatabase } from '../db/database';
import { logger } from '../lib/logger';
import { prepare } from './prepare';

const log = logger.child('start');
const nextBin = path.resolve('node_modules/next/dist/bin/next');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [nextBin, ...args], { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * `npm start` / `npm run dev`: prepare the database (starting the embedded server when no
 * DATABASE_URL is set), build when no build exists, then run Next.js pointed at the same
 * server. The embedded server is stopped when Next.js exits.
 */
export async function startNext(mode: 'start' | 'dev'): Promise<void> {
  let code = 1;
  try {
    const { url, mode: dataMode } = await prepare();
    log.info(dataMode === 'demo' ? 'showing the demo organisation (no source configured)' : 'showing collected data');
    const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: '1' };
    const port = process.env.PORT ?? '3000';
    const host = process.env.HOST ?? process.env.PAVED_HOST;
    const hostArgs = host ? ['-H', host] : [];
    if (mode === 'start' && !existsSync(path.resolve('.next/BUILD_ID'))) {
      log.info('no production build found: running next build (once)');
      code = await run(['build'], env);
      if (code !== 0) throw new Error('next build failed');
    }
    code = await run(mode === 'start' ? ['start', '-p', port, ...hostArgs] : ['dev', '-p', port, ...hostArgs], env);
  } catch (error) {
    process.stderr.write(`paved ${mode} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    await closeProcessDatabase().catch(() => undefined);
  }
  process.exit(code);
}
