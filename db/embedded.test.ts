import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded';

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
});
