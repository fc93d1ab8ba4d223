import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { deployTimeOf, upsertCommits, upsertDeployments, upsertRepositories } from './github';
import { upsertIncidents } from './pagerduty';
import { getCursor, recordStreamError, saveCursor } from './sync-state';

describe('collector write path', () => {
  let t: TestDatabase;
  let repositoryId: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    const ids = await upsertRepositories(t.db, [
      { full_name: 'acme/api', owner: 'acme', name: 'api', source: 'github' },
    ]);
    repositoryId = ids.get('acme/api')!;
  });
  afterAll(() => t.drop());

  const commit = (oid: string, headline: string) => ({
    repository_id: repositoryId,
    oid,
    parent_oids: [],
    authored_at: '2026-01-01T00:00:00Z',
    committed_at: '2026-01-01T00:00:00Z',
    author_login: 'amara',
    author_email: null,
    message_headline: headline,
    message: null,
  });

  it('is idempotent: writing the same page twice leaves one row, with the latest values', async () => {
    await upsertCommits(t.db, [commit('a1', 'first'), commit('b2', 'second')]);
    await upsertCommits(t.db, [commit('a1', 'first, amended'), commit('b2', 'second')]);
    const rows = await t.db.selectFrom('commits').select(['oid', 'message_headline']).orderBy('oid').execute();
    expect(rows).toEqual([
      { oid: 'a1', message_headline: 'first, amended' },
      { oid: 'b2', message_headline: 'second' },
    ]);
  });

  it('keeps the last copy of a row repeated within one batch', async () => {
    await upsertCommits(t.db, [commit('c3', 'old'), commit('c3', 'new')]);
    expect(
      (await t.db.selectFrom('commits').select('message_headline').where('oid', '=', 'c3').executeTakeFirstOrThrow())
        .message_headline,
    ).toBe('new');
  });

  it('writes batches larger than one statement', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => commit(`bulk-${i}`, `bulk ${i}`));
    expect(await upsertCommits(t.db, rows)).toBe(1234);
    const count = await t.db
      .selectFrom('commits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('oid', 'like', 'bulk-%')
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1234);
  });

  it('derives the deploy time from the earliest SUCCESS status, and none for a failed attempt', async () => {
    expect(
      deployTimeOf([
        { state: 'IN_PROGRESS', createdAt: '2026-01-01T10:00:00Z' },
        { state: 'SUCCESS', createdAt: '2026-01-01T10:05:00Z' },
        { state: 'SUCCESS', createdAt: '2026-01-01T10:01:00Z' },
      ]),
    ).toBe('2026-01-01T10:01:00.000Z');
    expect(deployTimeOf([{ state: 'FAILURE', createdAt: '2026-01-01T10:00:00Z' }])).toBeNull();
    await upsertDeployments(t.db, [
      {
        repository_id: repositoryId,
        source: 'github',
        external_id: '1',
        environment: 'Production',
        commit_oid: 'a1',
        created_at: '2026-01-01T09:59:00Z',
        updated_at: '2026-01-01T10:05:00Z',
        statuses: [
          { state: 'SUCCESS', createdAt: '2026-01-01T10:05:00Z' },
          { state: 'IN_PROGRESS', createdAt: '2026-01-01T10:00:00Z' },
        ],
      },
      {
        repository_id: repositoryId,
        source: 'github',
        external_id: '2',
        environment: 'production',
        commit_oid: 'b2',
        created_at: '2026-01-02T09:59:00Z',
        updated_at: '2026-01-02T10:05:00Z',
        statuses: [{ state: 'ERROR', createdAt: '2026-01-02T10:05:00Z' }],
      },
    ]);
    const rows = await t.db
      .selectFrom('deployments')
      .select(['external_id', 'deployed_at', 'latest_state', 'statuses'])
      .orderBy('external_id')
      .execute();
    expect(rows.map((r) => [r.external_id, r.deployed_at?.toISOString() ?? null, r.latest_state])).toEqual([
      ['1', '2026-01-01T10:05:00.000Z', 'SUCCESS'],
      ['2', null, 'ERROR'],
    ]);
    expect(rows[0]!.statuses.map((s) => s.state)).toEqual(['IN_PROGRESS', 'SUCCESS']);
  });

  it('upserts incidents by source and external id as they change', async () => {
    const incident = {
      source: 'pagerduty',
      external_id: 'Q1',
      number: 1,
      pagerduty_service_id: 'P1',
      title: 'Down',
      urgency: 'high',
      priority: 'P1',
      status: 'triggered',
      created_at: '2026-01-01T00:00:00Z',
      acknowledged_at: null,
      resolved_at: null,
      last_status_change_at: null,
      html_url: null,
    };
    await upsertIncidents(t.db, [incident]);
    await upsertIncidents(t.db, [{ ...incident, status: 'resolved', resolved_at: '2026-01-01T01:00:00Z' }]);
    const rows = await t.db.selectFrom('incidents').select(['status', 'resolved_at']).execute();
    expect(rows).toEqual([{ status: 'resolved', resolved_at: new Date('2026-01-01T01:00:00Z') }]);
  });

  it('keeps a cursor through errors and advances it only on success', async () => {
    const key = { source: 'github', scope: 'acme/api', stream: 'commits' };
    expect(await getCursor(t.db, key)).toBeNull();
    await saveCursor(t.db, key, { since: '2026-01-01T00:00:00Z' }, new Date('2026-01-02T00:00:00Z'));
    await recordStreamError(t.db, key, 'rate limited', new Date('2026-01-03T00:00:00Z'));
    expect(await getCursor(t.db, key)).toEqual({ since: '2026-01-01T00:00:00Z' });
    const state = await t.db.selectFrom('sync_state').selectAll().executeTakeFirstOrThrow();
    expect(state.last_error).toBe('rate limited');
    expect(state.last_success_at).toEqual(new Date('2026-01-02T00:00:00Z'));
  });
});
