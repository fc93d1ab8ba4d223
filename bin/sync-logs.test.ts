import { spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFakeOrganisation } from '../tests/fakes/github/org';
import { startFakeGithub, type FakeGithub } from '../tests/fakes/github/server';
import { generateAccount } from '../tests/fakes/pagerduty/account';
import { startFakePagerduty, type FakePagerduty } from '../tests/fakes/pagerduty/server';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';

const PD_TOKEN = 'pd-log-test-token-0123456789';

/** `npm run sync` as a process whose stderr is a pipe, as under a container runtime or systemd. */
function runSyncCli(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/sync.ts'], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the logs of a sync', () => {
  const key = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const now = new Date();
  let t: TestDatabase;
  let github: FakeGithub;
  let pagerduty: FakePagerduty;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    const org = generateFakeOrganisation({ repositories: 2, days: 20, end: now, seed: 5 });
    github = await startFakeGithub(org, {
      now: () => now,
      app: { appId: 99, publicKey: createPublicKey(key.publicKey), installations: [{ id: 5, login: org.login }] },
    });
    const account = generateAccount({
      seed: 3,
      services: 2,
      incidents: 20,
      from: new Date(now.getTime() - 20 * 86_400_000),
      to: now,
    });
    pagerduty = await startFakePagerduty({ token: PD_TOKEN, account, now });
  });
  afterAll(async () => {
    await Promise.all([github.close(), pagerduty.close()]);
    await t.drop();
  });

  it('are JSON lines with level, time, component and message, carry the run id, and hold no configured secret', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'paved-logs-'));
    const file = path.join(dir, 'paved.config.yaml');
    writeFileSync(
      file,
      [
        'github:',
        `  apiUrl: ${github.url}`,
        '  app: { appId: 99, privateKey: "${APP_KEY}" }',
        `  organizations: [${github.org.login}]`,
        '  backfillDays: 30',
        'pagerduty:',
        `  apiUrl: ${pagerduty.url}`,
        '  token: ${PD_TOKEN}',
        '  backfillDays: 30',
      ].join('\n'),
    );
    // A retried 502 on the way, so a wait line is logged too.
    github.inject('502', { channel: 'graphql' });
    const result = await runSyncCli({
      DATABASE_URL: t.url,
      PAVED_CONFIG: file,
      APP_KEY: key.privateKey,
      PD_TOKEN,
      PAVED_LOG_LEVEL: 'debug',
    });
    expect(result.code, result.stderr.slice(-2000)).toBe(0);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(Date.parse(String(entry.time))).not.toBeNaN();
      expect(typeof entry.component).toBe('string');
      expect(typeof entry.message).toBe('string');
    }
    const runLines = entries.filter((e) => typeof e.runId === 'number');
    expect(runLines.length).toBeGreaterThan(0);
    expect(github.app!.tokensIssued).toBeGreaterThan(0);
    const keyBody = key.privateKey.split('\n')[1]!;
    for (const secret of [PD_TOKEN, keyBody, 'BEGIN RSA PRIVATE KEY', 'ghs_'])
      expect(result.stderr).not.toContain(secret);
  });
});
