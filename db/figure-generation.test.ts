import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../tests/helpers/test-db';
import { noteFiguresChanged, readFigureGeneration, readPageGenerations } from './figure-generation';
import { COLLECTION_TABLES } from './migrations/2026-12-09-1400-collection-generation';
import { FIGURE_TABLES } from './migrations/2026-12-08-1200-figure-generation';
import { UNDEPLOYED_TABLE } from './migrations/2026-12-09-1600-undeployed-pull-requests';
import { upsertRepositories } from './writes/github';

/** The figure generation advances at the commit of exactly the transactions that change figure rows. */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

const generation = () => readFigureGeneration(t.db);
const team = (slug: string) => t.db.insertInto('teams').values({ slug, name: slug, source: 'test' });

describe('figure generation', () => {
  it('advances once per committed transaction that changes a figure row, and only when it commits', async () => {
    const g0 = await generation();
    await t.db.transaction().execute(async (trx) => {
      await team('a').execute();
      await team('b').execute();
      await trx.insertInto('teams').values({ slug: 'c', name: 'c', source: 'test' }).execute();
      await trx.insertInto('teams').values({ slug: 'd', name: 'd', source: 'test' }).execute();
      // Not yet: readers outside see the old generation until the rows they describe are visible.
      expect(await generation()).toBe(g0 + 2);
    });
    // Two autocommitted statements (a, b) and one transaction (c, d).
    expect(await generation()).toBe(g0 + 3);

    const g1 = await generation();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await trx.insertInto('teams').values({ slug: 'e', name: 'e', source: 'test' }).execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await generation()).toBe(g1);
  });

  it('ignores writes that change nothing a figure reads: the same values again, a new updated_at, raw history', async () => {
    const g0 = await generation();
    await t.db.updateTable('teams').set({ name: 'a' }).where('slug', '=', 'a').execute();
    await t.db.updateTable('teams').set({ updated_at: new Date() }).execute();
    await t.db.deleteFrom('teams').where('slug', '=', 'nobody').execute();
    await upsertRepositories(t.db, [{ full_name: 'o/r', owner: 'o', name: 'r', source: 'test' }]);
    const g1 = await generation();
    expect(g1).toBe(g0 + 1); // the new repository
    await upsertRepositories(t.db, [{ full_name: 'o/r', owner: 'o', name: 'r', source: 'test' }]);
    await sql`insert into commits (repository_id, oid, parent_oids, authored_at, committed_at, message_headline)
      select id, 'abc', '{}', now(), now(), 'm' from repositories`.execute(t.db);
    expect(await generation()).toBe(g1);
    await t.db.updateTable('teams').set({ name: 'A' }).where('slug', '=', 'a').execute();
    await sql`truncate org_rollup_dirty_days`.execute(t.db);
    expect(await generation()).toBe(g1 + 2);
  });

  it('advances when a transaction says so without a figure row (a new configuration)', async () => {
    const g0 = await generation();
    await t.db.transaction().execute(async (trx) => {
      await noteFiguresChanged(trx);
      await noteFiguresChanged(trx);
      await trx.insertInto('teams').values({ slug: 'f', name: 'f', source: 'test' }).execute();
    });
    expect(await generation()).toBe(g0 + 1);
    expect(await t.db.selectFrom('figure_changes').selectAll().execute()).toEqual([]);
  });

  it('counts each of several concurrent writers once', async () => {
    const g0 = await generation();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('teams')
            .values({ slug: `p${i}`, name: `p${i}`, source: 'test' })
            .execute();
          await sql`select pg_sleep(0.05)`.execute(trx);
          await trx
            .updateTable('teams')
            .set({ name: `q${i}` })
            .where('slug', '=', `p${i}`)
            .execute();
        }),
      ),
    );
    expect(await generation()).toBe(g0 + 8);
  });

  it('watches every table figures are read from', async () => {
    const { rows } = await sql<{ table: string; n: number }>`
      select event_object_table as table, count(distinct trigger_name)::int as n from information_schema.triggers
      where trigger_name like '%_figures_%' group by 1 order by 1`.execute(t.db);
    const truncates = await sql<{ n: number }>`
      select count(*)::int as n from pg_trigger where tgname like '%_figures_truncated' and not tgisinternal`.execute(
      t.db,
    );
    // Tables derived later than migration 1200 create the same triggers in their own migration.
    const watched = [...FIGURE_TABLES, UNDEPLOYED_TABLE];
    expect(rows.map((r) => r.table)).toEqual(watched.sort());
    expect(rows.every((r) => r.n === 2)).toBe(true); // written and updated; truncated below
    expect(truncates.rows[0]!.n).toBe(watched.length);
  });

  it('advances when the derivation rewrites the pull requests no deployment contains', async () => {
    const repo = await t.db.selectFrom('repositories').select('id').executeTakeFirstOrThrow();
    const g0 = await generation();
    await t.db
      .insertInto('derived_undeployed_pull_requests')
      .values({ repository_id: repo.id, number: 1, title: 'x', merged_at: new Date() })
      .execute();
    await t.db.updateTable('derived_undeployed_pull_requests').set({ title: 'x' }).execute();
    expect(await generation()).toBe(g0 + 1);
    await t.db.updateTable('derived_undeployed_pull_requests').set({ title: 'y' }).execute();
    await t.db.deleteFrom('derived_undeployed_pull_requests').execute();
    expect(await generation()).toBe(g0 + 3);
  });
});

describe('collection generation', () => {
  it('advances once per committed transaction that writes collected rows or sync state, and leaves the figure generation alone', async () => {
    const before = await readPageGenerations(t.db);
    await t.db.transaction().execute(async (trx) => {
      await sql`insert into commits (repository_id, oid, parent_oids, authored_at, committed_at, message_headline)
        select id, 'def', '{}', now(), now(), 'm' from repositories`.execute(trx);
      await sql`insert into commits (repository_id, oid, parent_oids, authored_at, committed_at, message_headline)
        select id, 'fed', '{}', now(), now(), 'm' from repositories`.execute(trx);
    });
    const after = await readPageGenerations(t.db);
    expect(after).toEqual({ figures: before.figures, collection: before.collection + 1 });
    // The same row again changes nothing a page shows.
    await sql`update commits set message_headline = 'm' where oid = 'def'`.execute(t.db);
    expect(await readPageGenerations(t.db)).toEqual(after);
    await sql`insert into settings (key, value) values ('test.budget', '{}')`.execute(t.db);
    expect((await readPageGenerations(t.db)).collection).toBe(after.collection + 1);
  });

  it('watches every table of collected rows and sync state', async () => {
    const { rows } = await sql<{ table: string }>`
      select distinct event_object_table as table from information_schema.triggers
      where trigger_name like '%_collection_%' order by 1`.execute(t.db);
    expect(rows.map((r) => r.table)).toEqual([...COLLECTION_TABLES].sort());
  });
});
