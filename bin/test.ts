import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/**
 * `npm test`: Vitest (unit and integration, real PostgreSQL), then a production build and
 * Playwright. Ends with one plain line, `N passed, N failed`, summed over both.
 * `PAVED_TEST_SUITES=unit` runs only Vitest (CI's second pass against PostgreSQL 15).
 */
function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function readJson<T>(file: string): T | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
}

async function main(): Promise<void> {
  const suites = (process.env.PAVED_TEST_SUITES ?? 'unit,e2e').split(',');
  let passed = 0;
  let failed = 0;
  let exitCode = 0;

  if (suites.includes('unit')) {
    rmSync('.test-data/vitest-summary.json', { force: true });
    const code = await run('npx', ['vitest', 'run']);
    const summary = readJson<{ passed: number; failed: number }>('.test-data/vitest-summary.json');
    passed += summary?.passed ?? 0;
    failed += summary?.failed ?? (code === 0 ? 0 : 1);
    if (code !== 0) exitCode = 1;
  }

  if (suites.includes('e2e')) {
    // The production build and the standalone artefact (dist/, .next/standalone) e2e/zz-standalone.spec.ts starts.
    const build = await run('npm', ['run', 'build']);
    if (build !== 0) {
      failed += 1;
      exitCode = 1;
      console.error('npm run build failed: the end-to-end suite did not run');
    } else {
      rmSync('.test-data/playwright-results.json', { force: true });
      // The e2e server starts from an empty data directory every run.
      rmSync('.test-data/e2e', { recursive: true, force: true });
      const code = await run('npx', ['playwright', 'test']);
      const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(
        '.test-data/playwright-results.json',
      );
      passed += (report?.stats.expected ?? 0) + (report?.stats.flaky ?? 0);
      failed += report?.stats.unexpected ?? (code === 0 ? 0 : 1);
      if (code !== 0) exitCode = 1;
    }
  }

  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(exitCode === 0 && failed === 0 ? 0 : 1);
}

void main();
