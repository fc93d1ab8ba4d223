import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';

function runSyncCli(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A GitHub GraphQL endpoint that answers an empty organisation, slowly. */
async function startSlowGithub(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            data: {
              rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-01-01T00:00:00Z' },
              organization: { repositories: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } },
            },
          }),
        );
      }, delayMs),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
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
    writeFileSync(
      file,
      `github:\n  token: \${TOKEN}\n  apiUrl: http://127.0.0.1:${await freePort()}/api/v3\n  organizations: [acme]\n`,
    );
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file, TOKEN: 'ghp_do_not_print_me' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /paved sync failed: github \(listing\): GitHub API at http:\/\/127\.0\.0\.1:\d+\/api\/v3 is unreachable \(ECONNREFUSED\)/,
    );
    expect(result.stderr + result.stdout).not.toContain('ghp_do_not_print_me');
  });

  it('names the key of an invalid config', async () => {
    const file = path.join(dir, 'invalid.yaml');
    writeFileSync(file, 'github:\n  token: x\n  backfillDays: lots\n');
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `paved sync failed: invalid configuration: ${file}: github.backfillDays: expected number, found "lots"`,
    );
  });

  it('succeeds with no source configured (demo) and says so', async () => {
    const file = path.join(dir, 'empty.yaml');
    writeFileSync(file, 'metrics:\n  hotfixLabels: [hotfix]\n');
    const result = await runSyncCli({ DATABASE_URL: t.url, PAVED_CONFIG: file, PAVED_NOW: '2026-06-01T00:00:00Z' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('demo organisation');
    expect(result.stdout).toMatch(/sync #\d+ succeeded/);
  }, 90_000);

  it('runs one sync at a time across processes sharing a database: the second command joins the first run', async () => {
    const github = await startSlowGithub(2500);
    try {
      const file = path.join(dir, 'slow.yaml');
      writeFileSync(file, `github:\n  token: t\n  apiUrl: ${github.url}\n  organizations: [acme]\n`);
      const env = { DATABASE_URL: t.url, PAVED_CONFIG: file };
      const [a, b] = await Promise.all([
        runSyncCli(env),
        new Promise((r) => setTimeout(r, 300)).then(() => runSyncCli(env)),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const outputs = [a.stdout, b.stdout];
      const runIds = outputs.map((o) => /sync #(\d+) succeeded/.exec(o)?.[1]);
      expect(runIds[0]).toBeDefined();
      expect(runIds[1]).toBe(runIds[0]);
      expect(outputs.filter((o) => o.includes('A sync was already under way'))).toHaveLength(1);
    } finally {
      await github.close();
    }
  }, 90_000);
});
