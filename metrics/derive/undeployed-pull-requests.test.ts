import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { applyCatalog } from '../../db/catalog';
import { down, up } from '../../db/migrations/2026-12-09-1600-undeployed-pull-requests';
import { upsertCommits, upsertDeployments, upsertPullRequests } from '../../db/writes/github';
import { parseConfigText } from '../../lib/config';
import { repositoryHead } from '../../tests/helpers/demo-organisation';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { getDataQuality } from '../data-quality';
import { deriveDelivery } from './run-derivation';

/**
 * derived_undeployed_pull_requests holds what the data-quality page computed on each request before
 * it existed: every merged pull request that no derived change deploys, now only of the
 * repositories the derivation covers (archived and removed ones have no derived rows).
 */
const config = parseConfigText('{}', 'test.yaml', {}).config;
const AT = new Date('2026-06-01T12:00:00Z');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoOrganisation(t.db, { at: AT });
  await applyCatalog(t.db, config);
}, 120_000);
afterAll(() => t.drop());

type Row = { repository_id: number; number: number; title: string; merged_at: Date };

/** The page's former query, whole: the merged pull requests without a derived change `pr:<number>`. */
async function antiJoin(options: { collectedOnly: boolean }): Promise<Row[]> {
  const { rows } = await sql<Row>`
    select p.repository_id, p.number, p.title, p.merged_at
    from pull_requests p join repositories r on r.id = p.repository_id
    where p.merged_at is not null and not exists (select 1 from derived_changes c where c.repository_id = p.repository_id and c.change_key = 'pr:' || p.number)
      and (not ${options.collectedOnly} or (not r.archived and r.removed_at is null))
    order by 1, 2`.execute(t.db);
  return rows;
}

const table = (): Promise<Row[]> =>
  t.db
    .selectFrom('derived_undeployed_pull_requests')
    .select(['repository_id', 'number', 'title', 'merged_at'])
    .orderBy('repository_id')
    .orderBy('number')
    .execute();

async function expectTableEqualsAntiJoin() {
  const expected = await antiJoin({ collectedOnly: true });
  expect(await table()).toEqual(expected);
  // The page reads the count and the 50 newest from the table.
  const { pullRequestsNeverDeployed } = await getDataQuality(t.db);
  expect(pullRequestsNeverDeployed.total).toBe(expected.length);
  const names = new Map(
    (await t.db.selectFrom('repositories').select(['id', 'full_name']).execute()).map((r) => [r.id, r.full_name]),
  );
  const newest = [...expected]
    .sort(
      (a, b) =>
        b.merged_at.getTime() - a.merged_at.getTime() || a.repository_id - b.repository_id || a.number - b.number,
    )
    .slice(0, 50);
  expect(pullRequestsNeverDeployed.sample).toEqual(
    newest.map((p) => ({
      repository: names.get(p.repository_id),
      number: p.number,
      title: p.title,
      mergedAt: p.merged_at.toISOString(),
    })),
  );
}

describe('pull requests never deployed', () => {
  it('equal the anti-join after a full derivation, and the migration fills the table with the same rows', async () => {
    await deriveDelivery(t.db, config, { full: true });
    expect((await table()).length).toBeGreaterThan(0);
    await expectTableEqualsAntiJoin();

    await down(t.db);
    await up(t.db);
    await expectTableEqualsAntiJoin();
  }, 120_000);

  it('follow incremental derivations: a merge, its deployment, a new title, an archived repository', async () => {
    const repo = await repositoryHead(t.db, 'acme/ledger');
    const latestUpdate = async () =>
      (
        await t.db
          .selectFrom('pull_requests')
          .select((eb) => eb.fn.max('updated_at').as('at'))
          .executeTakeFirstOrThrow()
      ).at!;
    const merge = async (number: number, oid: string, parent: string, title: string) => {
      const at = new Date((await latestUpdate()).getTime() + 60_000).toISOString();
      await upsertCommits(t.db, [
        {
          repository_id: repo.id,
          oid,
          parent_oids: [parent],
          authored_at: '2026-06-01T10:00:00Z',
          committed_at: '2026-06-01T10:05:00Z',
          author_login: 'amara',
          author_email: null,
          message_headline: title,
          message: null,
        },
      ]);
      await upsertPullRequests(t.db, [
        {
          repository_id: repo.id,
          number,
          title,
          author_login: 'amara',
          state: 'MERGED',
          draft: false,
          created_at: '2026-06-01T09:00:00Z',
          updated_at: at,
          merged_at: '2026-06-01T10:05:00Z',
          closed_at: '2026-06-01T10:05:00Z',
          merge_commit_oid: oid,
          labels: [],
        },
      ]);
    };
    const listed = async () =>
      (await table()).filter((p) => p.repository_id === repo.id && p.number >= 9001).map((p) => [p.number, p.title]);
    await deriveDelivery(t.db, config);

    // A pull request merged and not deployed yet is listed after the next derivation...
    await merge(9001, 'e'.repeat(40), repo.oid, 'Tune pool');
    expect(await deriveDelivery(t.db, config)).toMatchObject({ full: false, phaseOneRepositories: 1 });
    expect(await listed()).toEqual([[9001, 'Tune pool']]);
    await expectTableEqualsAntiJoin();

    // ...under its new title once renamed (GitHub moves updated_at)...
    await t.db
      .updateTable('pull_requests')
      .set({ title: 'Tune the pool', updated_at: new Date((await latestUpdate()).getTime() + 60_000) })
      .where('repository_id', '=', repo.id)
      .where('number', '=', 9001)
      .execute();
    expect(await deriveDelivery(t.db, config)).toMatchObject({ phaseOneRepositories: 1 });
    expect(await listed()).toEqual([[9001, 'Tune the pool']]);

    // ...and no longer once a production deployment contains it.
    await upsertDeployments(t.db, [
      {
        repository_id: repo.id,
        source: 'github',
        external_id: 'dq-1',
        environment: 'production',
        commit_oid: 'e'.repeat(40),
        created_at: '2026-06-01T11:00:00Z',
        updated_at: '2026-06-01T11:05:00Z',
        statuses: [{ state: 'SUCCESS', createdAt: '2026-06-01T11:05:00Z' }],
      },
    ]);
    expect(await deriveDelivery(t.db, config)).toMatchObject({ phaseOneRepositories: 1 });
    expect(await listed()).toEqual([]);
    await expectTableEqualsAntiJoin();

    // An archived repository leaves none, though the page's former query still listed its pull requests.
    await merge(9002, 'd'.repeat(40), 'e'.repeat(40), 'Drop cache');
    await deriveDelivery(t.db, config);
    expect(await listed()).toEqual([[9002, 'Drop cache']]);
    await t.db.updateTable('repositories').set({ archived: true }).where('id', '=', repo.id).execute();
    await deriveDelivery(t.db, config);
    expect((await table()).filter((p) => p.repository_id === repo.id)).toEqual([]);
    await expectTableEqualsAntiJoin();
    expect((await antiJoin({ collectedOnly: false })).filter((p) => p.repository_id === repo.id)).not.toEqual([]);

    // Incremental derivations end where a full one ends.
    const incremental = await table();
    await deriveDelivery(t.db, config, { full: true });
    expect(await table()).toEqual(incremental);
  }, 120_000);
});
