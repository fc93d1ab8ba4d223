import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../access/audit-log';
import { createDb, type Db } from '../../db/database';
import { loadConfig } from '../../lib/config';
import { auditConfigInUse, WORKER_ACTOR } from '../../scorecards/config-in-use';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/** Workers audit the configuration and scorecards file they start using, once per change across workers. */
const SECRET = 'reload-secret-value-1234';
let t: TestDatabase;
let workers: Db[];
let dir: string;

const reloads = async () => (await listAudit(t.db, { limit: 50 })).filter((e) => e.action === 'config.reload');
const load = () => loadConfig({ PAVED_CONFIG: path.join(dir, 'paved.yaml'), RELOAD_SECRET: SECRET }, dir);
/** Three workers, each with its own connections, picking up the files at once. */
const allWorkersRead = () => Promise.all(workers.map((db) => auditConfigInUse(db, load)));

beforeAll(async () => {
  t = await createTestDatabase();
  workers = [createDb(t.url), createDb(t.url), createDb(t.url)];
  dir = mkdtempSync(path.join(os.tmpdir(), 'paved-reload-'));
  writeFileSync(
    path.join(dir, 'paved.yaml'),
    'schedule:\n  enabled: false\nserver:\n  adminToken: ${RELOAD_SECRET}\nscorecards: scorecards.yaml\n',
  );
  writeFileSync(path.join(dir, 'scorecards.yaml'), 'scorecards: []\n');
});
afterAll(async () => {
  await Promise.all(workers.map((db) => db.destroy()));
  await t.drop();
});

describe('config reloads in the audit log', () => {
  it('records the first configuration once, by fingerprint, with the worker as actor', async () => {
    await allWorkersRead();
    await allWorkersRead();
    const [entry, ...rest] = await reloads();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      actor: WORKER_ACTOR,
      detail: {
        changed: ['config', 'scorecards'],
        config: { file: path.join(dir, 'paved.yaml'), fingerprint: load().fingerprint, previous: null },
        scorecards: { file: path.join(dir, 'scorecards.yaml'), previous: null },
      },
    });
    expect(JSON.stringify(entry)).not.toContain(SECRET);
  });

  it('records a changed scorecards file once across several workers', async () => {
    const before = (await reloads())[0]!.detail as { scorecards: { fingerprint: string } };
    appendFileSync(path.join(dir, 'scorecards.yaml'), '# a comment changes the content\n');
    await allWorkersRead();
    await allWorkersRead();
    const entries = await reloads();
    expect(entries).toHaveLength(2);
    expect(entries[0]!.detail).toMatchObject({
      changed: ['scorecards'],
      scorecards: { previous: before.scorecards.fingerprint },
    });
    expect((entries[0]!.detail as { scorecards: { fingerprint: string } }).scorecards.fingerprint).not.toBe(
      before.scorecards.fingerprint,
    );
  });

  it('records a changed configuration once, and never its secret values', async () => {
    const previous = load().fingerprint;
    writeFileSync(
      path.join(dir, 'paved.yaml'),
      'schedule:\n  enabled: false\n  sync: "0 * * * *"\nserver:\n  adminToken: ${RELOAD_SECRET}\nscorecards: scorecards.yaml\n',
    );
    await allWorkersRead();
    const entries = await reloads();
    expect(entries).toHaveLength(3);
    expect(entries[0]!.detail).toMatchObject({
      changed: ['config'],
      config: { previous, fingerprint: load().fingerprint },
    });
    expect(load().fingerprint).not.toBe(previous);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
  });
});
