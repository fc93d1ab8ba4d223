import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { ensureDataMode } from './ensure-demo';
import { loadDemoOrganisation } from './load-demo';
import { configSchema } from '../../lib/config-schema';

const AT = new Date('2026-06-01T12:00:00Z');

/** A digest of every collected table, to compare two loads row for row. */
async function digest(t: TestDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, order] of [
    ['commits', 'repository_id, oid'],
    ['pull_requests', 'repository_id, number'],
    ['deployments', 'repository_id, source, external_id'],
    ['incidents', 'source, external_id'],
    ['pipeline_runs', 'repository_id, run_id'],
    ['repository_facts', 'repository_id'],
    ['repository_fact_history', 'repository_id, collected_at'],
  ] as const) {
    const { rows } = await sql<{
      d: string;
    }>`select md5(string_agg(t::text, '|' order by ${sql.raw(order)})) as d from (select * from ${sql.table(table)}) t`.execute(
      t.db,
    );
    out[table] = rows[0]!.d;
  }
  return out;
}

describe('demo organisation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadDemoOrganisation(t.db, { at: AT });
  });
  afterAll(() => t.drop());

  it('is deterministic: reloading for the same instant gives the same rows', async () => {
    const first = await digest(t);
    await loadDemoOrganisation(t.db, { at: AT });
    expect(await digest(t)).toEqual(first);
  });

  it('has at least 4 teams, 20 services and six months of history', async () => {
    const teams = await t.db.selectFrom('teams').select('slug').execute();
    const services = await t.db.selectFrom('services').select(['slug', 'team_id']).execute();
    expect(teams.length).toBeGreaterThanOrEqual(4);
    expect(services.length).toBeGreaterThanOrEqual(20);
    expect(services.every((s) => s.team_id !== null)).toBe(true);
    const span = await t.db
      .selectFrom('commits')
      .select([(eb) => eb.fn.min('committed_at').as('first'), (eb) => eb.fn.max('committed_at').as('last')])
      .executeTakeFirstOrThrow();
    const days =
      (new Date(span.last as unknown as string).getTime() - new Date(span.first as unknown as string).getTime()) /
      86_400_000;
    expect(days).toBeGreaterThanOrEqual(180);
    expect(new Date(span.last as unknown as string).getTime()).toBeLessThanOrEqual(AT.getTime());
  });

  it('contains failed attempts, rollbacks to an ancestor, reverts, staging and hotfixes', async () => {
    const failedAttempts = await sql<{
      n: number;
    }>`select count(*)::int as n from deployments where deployed_at is null and lower(environment) = 'production'`.execute(
      t.db,
    );
    expect(failedAttempts.rows[0]!.n).toBeGreaterThan(0);
    // A rollback: a production deployment of a commit that an earlier production deployment already shipped.
    const rollbacks = await sql<{ n: number }>`
      select count(*)::int as n from deployments later
      where later.environment = 'production' and later.deployed_at is not null and exists (
        select 1 from deployments earlier where earlier.repository_id = later.repository_id and earlier.environment = 'production'
          and earlier.commit_oid = later.commit_oid and earlier.deployed_at < later.deployed_at - interval '1 hour')`.execute(
      t.db,
    );
    expect(rollbacks.rows[0]!.n).toBeGreaterThan(0);
    const reverts = await sql<{ n: number }>`
      select count(*)::int as n from commits c
      where c.message like '%This reverts commit %' and exists (
        select 1 from commits target where target.repository_id = c.repository_id and c.message like '%This reverts commit ' || target.oid || '%')`.execute(
      t.db,
    );
    expect(reverts.rows[0]!.n).toBeGreaterThan(0);
    const staging = await sql<{
      n: number;
    }>`select count(*)::int as n from deployments where environment = 'staging'`.execute(t.db);
    expect(staging.rows[0]!.n).toBeGreaterThan(0);
    const hotfixes = await sql<{
      n: number;
    }>`select count(*)::int as n from pull_requests where 'hotfix' = any(labels)`.execute(t.db);
    expect(hotfixes.rows[0]!.n).toBeGreaterThan(0);
  });

  it('uses merge, squash and rebase merges, and direct pushes', async () => {
    const { rows } = await sql<{ merges: number; squashes: number; rebased: number; direct: number }>`
      select
        count(*) filter (where array_length(parent_oids, 1) = 2)::int as merges,
        count(*) filter (where message_headline ~ '[(]#[0-9]+[)]$')::int as squashes,
        count(*) filter (where array_length(associated_pull_request_numbers, 1) = 1 and array_length(parent_oids, 1) = 1 and message_headline !~ '[(]#[0-9]+[)]$')::int as rebased,
        count(*) filter (where associated_pull_request_numbers = '{}' and parent_oids <> '{}')::int as direct
      from commits`.execute(t.db);
    expect(rows[0]!.merges).toBeGreaterThan(0);
    expect(rows[0]!.squashes).toBeGreaterThan(0);
    expect(rows[0]!.rebased).toBeGreaterThan(0);
    expect(rows[0]!.direct).toBeGreaterThan(0);
  });

  it('makes teams differ: the elite team deploys far more often and fails less than the struggling one', async () => {
    const { rows } = await sql<{ team: string; deployments: number; incidents: number }>`
      select t.slug as team,
        (select count(*)::int from deployments d join service_repositories sr on sr.repository_id = d.repository_id join services s on s.id = sr.service_id
          where s.team_id = t.id and d.environment = 'production' and d.deployed_at is not null) as deployments,
        (select count(*)::int from incidents i join service_pagerduty_services sp on sp.pagerduty_service_id = i.pagerduty_service_id join services s on s.id = sp.service_id
          where s.team_id = t.id) as incidents
      from teams t order by t.slug`.execute(t.db);
    const by = Object.fromEntries(rows.map((r) => [r.team, r]));
    expect(by.payments!.deployments).toBeGreaterThan(10 * by['legacy-billing']!.deployments);
    expect(by.payments!.incidents / by.payments!.deployments).toBeLessThan(
      by['legacy-billing']!.incidents / by['legacy-billing']!.deployments,
    );
  });

  it('has incidents that follow production deployments, and some of an unclaimed PagerDuty service', async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from incidents i
      join service_pagerduty_services sp on sp.pagerduty_service_id = i.pagerduty_service_id
      join service_repositories sr on sr.service_id = sp.service_id
      where exists (select 1 from deployments d where d.repository_id = sr.repository_id and d.environment = 'production'
        and d.deployed_at <= i.created_at and d.deployed_at > i.created_at - interval '6 hours')`.execute(t.db);
    expect(rows[0]!.n).toBeGreaterThan(20);
    const unclaimed = await sql<{
      n: number;
    }>`select count(*)::int as n from incidents where pagerduty_service_id not in (select pagerduty_service_id from service_pagerduty_services)`.execute(
      t.db,
    );
    expect(unclaimed.rows[0]!.n).toBeGreaterThan(0);
  });

  it('has nothing after its "now": no commit, deployment, pipeline run or incident in the future', async () => {
    const { rows } = await sql<{ n: number }>`
      select (select count(*) from commits where committed_at > ${AT} or authored_at > ${AT})
        + (select count(*) from deployments where created_at > ${AT} or deployed_at > ${AT})
        + (select count(*) from pipeline_runs where created_at > ${AT})
        + (select count(*) from incidents where created_at > ${AT} or resolved_at > ${AT}) as n`.execute(t.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it("records each repository's facts once a week back through its history, as of those weeks", async () => {
    const { rows } = await sql<{ repos: number; instants: number; first: Date; last: Date }>`
      select count(distinct repository_id)::int as repos, count(distinct collected_at)::int as instants, min(collected_at) as first, max(collected_at) as last
      from repository_fact_history`.execute(t.db);
    expect(rows[0]).toMatchObject({ repos: 23, instants: 25 });
    expect(rows[0]!.last.getTime()).toBe(AT.getTime() - 7 * 86_400_000);
    // Six months ago the repositories had fewer of today's files than they have now.
    const files = await sql<{ then: number; now: number }>`
      select (select sum((select count(*) from jsonb_object_keys(facts->'files')))::int from repository_fact_history where collected_at = ${rows[0]!.first}) as then,
             (select sum((select count(*) from jsonb_object_keys(facts->'files')))::int from repository_facts) as now`.execute(
      t.db,
    );
    expect(files.rows[0]!.then).toBeLessThan(files.rows[0]!.now);
  });

  it('leaves nothing of itself behind when a source is configured: rows, fact history and scorecard history', async () => {
    await t.db
      .insertInto('scorecard_service_sets')
      .values({ hash: 'demo-set', service_ids: [1] })
      .execute();
    const config = configSchema.parse({ github: { token: 'x', organizations: ['acme'] } });
    expect(await ensureDataMode(t.db, config)).toBe('collected');
    for (const table of [
      'repositories',
      'repository_facts',
      'repository_fact_history',
      'scorecard_service_sets',
      'scorecard_snapshots',
    ] as const) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db);
      expect(rows[0]!.n, table).toBe(0);
    }
  });
});
