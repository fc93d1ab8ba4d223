import { ConfigError } from '../lib/config';
import { redact } from '../lib/logger';

/**
 * Runs a CLI command: exit 0 on success, non-zero with one readable line on failure, and
 * always release the database (stopping an embedded server this process started).
 */
export function runCli(name: string, main: () => Promise<number | void>, cleanup: () => Promise<void>): void {
  let finishing = false;
  const finish = async (code: number) => {
    if (finishing) return;
    finishing = true;
    await cleanup().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void finish(130));
  process.on('SIGTERM', () => void finish(143));
  main()
    .then((code) => finish(code ?? 0))
    .catch((error: unknown) => {
      const message =
        error instanceof ConfigError
          ? `invalid configuration: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
      process.stderr.write(redact(`paved ${name} failed: ${message}`) + '\n');
      if (process.env.PAVED_DEBUG && error instanceof Error) process.stderr.write(redact(error.stack ?? '') + '\n');
      void finish(1);
    });
}
