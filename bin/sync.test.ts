import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';

function runSyncCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], { env: { ...process.env, ...env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run sync', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    dir = mkdtempSync(path.join(os.tmpdir(), 'paved-sync-'));
  });
  afterAll(() => t.drop());

  it('exits non-zero with a readable reason when GitHub is unreachable', async () => {
    const file = path.join(dir, 'unreachable.yaml');
    writeFileSync(file, `github:\n  token: \${TOKEN}\n  apiUrl: http://127.0.0.1:${await freePort()}/api/v3\n  organizations: [acme]\n`);
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file, TOKEN: 'ghp_do_not_print_me' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/paved sync failed: github: GitHub API at http:\/\/127\.0\.0\.1:\d+\/api\/v3 is unreachable \(ECONNREFUSED\)/);
    expect(result.stderr + result.stdout).not.toContain('ghp_do_not_print_me');
  });

  it('names the key of an invalid config', async () => {
    const file = path.join(dir, 'invalid.yaml');
    writeFileSync(file, 'github:\n  token: x\n  backfillDays: lots\n');
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`paved sync failed: invalid configuration: ${file}: github.backfillDays: expected number, found "lots"`);
  });

  it('succeeds with no source configured (demo) and says so', async () => {
    const file = path.join(dir, 'empty.yaml');
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix]\n');
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file, PAVED_NOW: '2026-06-01T00:00:00Z' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('demo organisation');
    expect(result.stdout).toMatch(/sync #\d+ succeeded/);
  }, 90_000);
});
