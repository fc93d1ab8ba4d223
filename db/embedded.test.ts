import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { assertPostgresUserCanReach, startEmbeddedPostgres } from './embedded';

describe('embedded PostgreSQL', () => {
  it('starts on a free port, lets a second process attach, and stops cleanly', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'paved-embedded-'));
    const first = await startEmbeddedPostgres(root);
    try {
      expect(first.owned).toBe(true);
      const second = await startEmbeddedPostgres(root);
      expect(second.owned).toBe(false);
      expect(second.url).toBe(first.url);
      const client = new pg.Client({ connectionString: second.url });
      await client.connect();
      const { rows } = await client.query<{ v: string }>('select current_setting($$server_version$$) as v');
      await client.end();
      expect(Number(rows[0]!.v.split('.')[0])).toBeGreaterThanOrEqual(15);
      await second.stop(); // an attached process never stops the owner's server
      const again = new pg.Client({ connectionString: first.url });
      await again.connect();
      await again.end();
    } finally {
      await first.stop();
    }
    // Stopped: the data directory is free, and the next start owns it again.
    const restarted = await startEmbeddedPostgres(root);
    expect(restarted.owned).toBe(true);
    await restarted.stop();
  }, 120_000);

  it('names the folder the postgres user cannot enter, and how to fix it, instead of crashing on EACCES', () => {
    const locked = mkdtempSync(path.join(os.tmpdir(), 'paved-locked-'));
    const data = path.join(locked, 'checkout', '.data');
    mkdirSync(data, { recursive: true });
    chmodSync(locked, 0o700);
    const someone = { uid: 54321, gid: 54321 };
    expect(() => assertPostgresUserCanReach([data], someone)).toThrow(
      new RegExp(
        `cannot enter ${locked} \\(mode 700\\).*run Paved as a non-root user.*chmod o\\+x ${locked}.*DATABASE_URL`,
      ),
    );
    chmodSync(locked, 0o711);
    expect(() => assertPostgresUserCanReach([data], someone)).not.toThrow();
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, from a folder the postgres user cannot traverse, stops with that one message (no unhandled spawn error)',
    async () => {
      const locked = mkdtempSync(path.join(os.tmpdir(), 'paved-root-'));
      chmodSync(locked, 0o700);
      await expect(startEmbeddedPostgres(path.join(locked, '.data'))).rejects.toThrow(
        /running as root, the embedded PostgreSQL server runs as the "postgres" user, which cannot enter .*paved-root-\w+ \(mode 700\)/,
      );
    },
  );
});
