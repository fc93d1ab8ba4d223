import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { applyCatalog } from '../../db/catalog';
import { upsertCommits, upsertDeployments } from '../../db/writes/github';
import { upsertIncidents } from '../../db/writes/pagerduty';
import { parseConfigText } from '../../lib/config';
import { repositoryHead } from '../../tests/helpers/demo-organisation';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { deriveDelivery } from './run-derivation';

const config = parseConfigText('{}', 'test.yaml', {}).config;
const AT = new Date('2026-06-01T12:00:00Z');

async function digest(t: TestDatabase) {
  const { rows } = await sql<{ d: string; c: string; r: string; h: string; dirty: number }>`select
    (select md5(string_agg(x::text, '|' order by x.id)) from derived_deployments x) as d,
    (select md5(string_agg(y::text, '|' order by y.repository_id, y.change_key)) from derived_changes y) as c,
    (select md5(string_agg(r::text, '|' order by r.scope_id, r.day)) from org_rollup_days r) as r,
    (select md5(string_agg(h::text, '|' order by h.scope_id, h.period, h.period_start, h.metric, h.bucket)) from org_rollup_histograms h) as h,
    (select count(*)::int from org_rollup_dirty_days) as dirty`.execute(t.db);
  return rows[0];
}

describe('incremental derivation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadDemoOrganisation(t.db, { at: AT });
    await applyCatalog(t.db, config);
  }, 120_000);
  afterAll(() => t.drop());

  it('re-derives only what new data touched, and ends where a full derivation ends', async () => {
    const first = await deriveDelivery(t.db, config);
    expect(first).toMatchObject({ full: true, repositories: 23, phaseOneRepositories: 23, phaseTwoRepositories: 23 });
    expect(await deriveDelivery(t.db, config)).toMatchObject({
      full: false,
      phaseOneRepositories: 0,
      phaseTwoRepositories: 0,
    });

    // A sync brings one new commit and deployment to one repository...
    const repo = await repositoryHead(t.db, 'acme/ledger');
    await upsertCommits(t.db, [
      {
        repository_id: repo.id,
        oid: 'f'.repeat(40),
        parent_oids: [repo.oid],
        authored_at: '2026-06-01T10:00:00Z',
        committed_at: '2026-06-01T10:00:00Z',
        author_login: 'amara',
        author_email: null,
        message_headline: 'Tune pool',
        message: null,
      },
    ]);
    await upsertDeployments(t.db, [
      {
        repository_id: repo.id,
        source: 'github',
        external_id: 'new-1',
        environment: 'production',
        commit_oid: 'f'.repeat(40),
        created_at: '2026-06-01T11:00:00Z',
        updated_at: '2026-06-01T11:05:00Z',
        statuses: [{ state: 'SUCCESS', createdAt: '2026-06-01T11:05:00Z' }],
      },
    ]);
    expect(await deriveDelivery(t.db, config)).toMatchObject({
      full: false,
      phaseOneRepositories: 1,
      phaseTwoRepositories: 1,
    });

    // ...and an incident on another service touches only phase two of its repository.
    const pd = await t.db
      .selectFrom('service_pagerduty_services as sp')
      .innerJoin('services as s', 's.id', 'sp.service_id')
      .select('sp.pagerduty_service_id')
      .where('s.slug', '=', 'pricing')
      .executeTakeFirstOrThrow();
    await upsertIncidents(t.db, [
      {
        source: 'pagerduty',
        external_id: 'QNEW',
        number: 1,
        pagerduty_service_id: pd.pagerduty_service_id,
        title: 'Late',
        urgency: 'high',
        priority: null,
        status: 'triggered',
        created_at: '2026-06-01T11:30:00Z',
        acknowledged_at: null,
        resolved_at: null,
        last_status_change_at: null,
        html_url: null,
      },
    ]);
    expect(await deriveDelivery(t.db, config)).toMatchObject({
      full: false,
      phaseOneRepositories: 0,
      phaseTwoRepositories: 1,
    });

    // The organisation rollups were refreshed day by day, and end where a rebuild ends.
    const incremental = await digest(t);
    expect(incremental).toMatchObject({ dirty: 0, r: expect.any(String), h: expect.any(String) });
    expect(await deriveDelivery(t.db, config, { full: true })).toMatchObject({ full: true, phaseOneRepositories: 23 });
    expect(await digest(t)).toEqual(incremental);
  }, 120_000);
});
