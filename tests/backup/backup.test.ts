import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { BackupError, backupDatabase, findPgTool, restoreDatabase, serverMajor } from '../../db/backup';
import type { Db } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { configSchema } from '../../lib/config-schema';
import { getDoraFigures } from '../../metrics/dora';
import { deriveAll } from '../../scorecards/derive-all';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

const NOW = new Date('2026-06-01T12:00:00Z');
const config = configSchema.parse({});
const window = { from: new Date('2026-03-03T00:00:00Z'), to: NOW };

/** What the dashboard shows: the organisation's and each team's figures, and the scorecard results. */
async function figures(db: Db) {
  const teams = await db.selectFrom('teams').select('slug').orderBy('slug').execute();
  const scorecards = await db
    .selectFrom('scorecard_results')
    .selectAll()
    .execute()
    .then((rows) => rows.map((r) => JSON.stringify({ ...r, id: undefined })).sort());
  return {
    organisation: await getDoraFigures(db, config, { type: 'organisation' }, window),
    teams: await Promise.all(teams.map((t) => getDoraFigures(db, config, { type: 'team', slug: t.slug }, window))),
    scorecards,
  };
}

describe('npm run backup / npm run restore', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'paved-backup-')), 'paved.dump');
  beforeAll(async () => {
    process.env.PAVED_NOW = NOW.toISOString();
    [source, target] = await Promise.all([createTestDatabase(), createTestDatabase({ migrate: false })]);
    await loadDemoOrganisation(source.db, { at: NOW });
    await deriveAll(source.db, { config, file: null, fingerprint: 'test' });
  }, 180_000);
  afterAll(async () => {
    delete process.env.PAVED_NOW;
    await Promise.all([source.drop(), target.drop()]);
  });

  it('round-trips the demo organisation into an empty database with the same figures', async (ctx) => {
    // pg_dump refuses a server newer than itself: CI's embedded PostgreSQL 18 pass has only Debian's
    // 15 client, so the round trip runs in its PostgreSQL 15 pass (and wherever matching tools exist).
    const tools = await findPgTool('pg_dump', await serverMajor(source.db)).catch((error: Error) => error);
    if (tools instanceof BackupError) return ctx.skip(tools.message);
    await backupDatabase(source.db, source.url, file);
    await restoreDatabase(target.db, target.url, file);
    await migrateToLatest(target.db);
    const before = await figures(source.db);
    expect(before.organisation).toBeTruthy();
    expect(before.scorecards.length).toBeGreaterThan(0);
    expect(await figures(target.db)).toEqual(before);
  }, 120_000);

  it('refuses to restore over a database that holds tables, and says why a tool is missing', async () => {
    const someDump = path.join(path.dirname(file), 'any.dump');
    writeFileSync(someDump, 'PGDMP');
    await expect(restoreDatabase(source.db, source.url, someDump)).rejects.toThrow(/already holds \d+ tables/);
    await expect(restoreDatabase(target.db, target.url, '/nonexistent.dump')).rejects.toThrow('no such backup file');
    await expect(findPgTool('pg_dump', 99, { PATH: '' })).rejects.toBeInstanceOf(BackupError);
    await expect(findPgTool('pg_dump', 99, { PATH: '' })).rejects.toThrow(/pg_dump 99 or newer is needed/);
  });
});
