import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../lib/config';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-db';
import { buckets } from '../dora-report';
import { computeFigures, computeFiguresOfScopes, computeSeries } from '../dora';
import { assembleFigures, type DoraFigures, type Window } from '../dora-figures';
import { figurePartsFromDerivedRows } from '../figures-from-derived-rows';
import { deploySignalsOnly, resolveScope, type ResolvedScope } from '../scope';
import { percentileCont } from '../stats';
import { figurePartsFromRollups, orgFigurePartsFromRollups } from './figures-from-rollups';
import { markDirtyDays, refreshOrgRollups } from './refresh-rollups';

const config = parseConfigText('{}', 'test.yaml', {}).config;
const T0 = Date.parse('2026-01-10T00:00:00Z');
const SPAN_DAYS = 120;
const HOUR = 3_600_000;

/** A small deterministic generator, so a failing dataset can be rebuilt from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}

/**
 * Random derived rows and incidents for four repositories (one of them claimed by no
 * service, so the organisation must leave it out), with values crowded into a few
 * histogram buckets, ties, zeros, negative stages and missing ones.
 */
async function seed(t: TestDatabase, seedValue: number) {
  const r = random(seedValue);
  await sql`truncate teams, services, repositories, pagerduty_services, incidents, org_rollup_state, org_rollup_days, org_rollup_histograms, org_rollup_dirty_days restart identity cascade`.execute(
    t.db,
  );
  await sql`insert into teams (slug, name, source) values ('a', 'A', 'test'), ('b', 'B', 'test')`.execute(t.db);
  await sql`insert into repositories (full_name, owner, name, default_branch, source) select 'o/r' || n, 'o', 'r' || n, 'main', 'test' from generate_series(1, 4) n`.execute(
    t.db,
  );
  await sql`insert into services (slug, name, team_id, source) values ('s1', 'S1', 1, 'test'), ('s2', 'S2', 1, 'test'), ('s3', 'S3', 2, 'test')`.execute(
    t.db,
  );
  await sql`insert into service_repositories (service_id, repository_id, source) values (1, 1, 'test'), (2, 2, 'test'), (3, 3, 'test'), (3, 1, 'test')`.execute(
    t.db,
  );
  await sql`insert into service_pagerduty_services (service_id, pagerduty_service_id, source) values (1, 'P1', 'test'), (3, 'P3', 'test')`.execute(
    t.db,
  );
  for (let i = 0; i < 260; i++) await addDeployment(t, r, `d${i}`);
  for (let i = 0; i < 90; i++) await addIncident(t, r, `i${i}`);
  return r;
}

const spread = (r: ReturnType<typeof random>) =>
  r.pick([
    () => 3600 + r.int(40),
    () => 86_400 * (1 + r.next()),
    () => r.int(3) * 60,
    () => 200_000 + r.int(2_000_000),
    () => 7200,
  ])();

async function addDeployment(t: TestDatabase, r: ReturnType<typeof random>, id: string) {
  const repo = 1 + r.int(4);
  const at = new Date(T0 + r.int(SPAN_DAYS * 24) * HOUR + r.int(HOUR));
  const failed = r.next() < 0.3;
  const recovered =
    failed && r.next() < 0.8 ? new Date(at.getTime() + r.pick([0, 1000, 5000, 5001, r.int(4 * 86_400_000)])) : null;
  await sql`insert into derived_deployments (id, repository_id, kind, environment, commit_oid, deployed_at, is_baseline, commit_count, change_count, has_revert, has_hotfix, failed, recovered_at, rework)
    values (${id}, ${repo}, 'deployment', 'production', ${id}, ${at}, false, 1, 1, false, false, ${failed}, ${recovered}, ${r.next() < 0.2})`.execute(
    t.db,
  );
  for (let c = r.int(4); c > 0; c--) {
    const kind = r.next() < 0.8 ? 'pull_request' : 'commit';
    const lead = r.next() < 0.05 ? -r.int(100) : spread(r);
    const stage = () =>
      kind === 'pull_request' ? (r.next() < 0.15 ? null : r.next() < 0.1 ? -r.int(500) : spread(r)) : null;
    await sql`insert into derived_changes (repository_id, change_key, kind, commit_oid, deployment_id, deployed_at, started_at, lead_time_seconds, coding_seconds, pickup_seconds, review_seconds, deploy_seconds)
      values (${repo}, ${`${id}-${c}`}, ${kind}, 'x', ${id}, ${at}, ${at}, ${lead}, ${kind === 'pull_request' ? spread(r) : null}, ${stage()}, ${stage()}, ${kind === 'pull_request' ? spread(r) : null})`.execute(
      t.db,
    );
  }
  return at;
}

async function addIncident(t: TestDatabase, r: ReturnType<typeof random>, id: string) {
  const created = new Date(T0 + r.int(SPAN_DAYS * 24) * HOUR + r.int(HOUR));
  const resolved = r.next() < 0.85 ? new Date(created.getTime() + spread(r) * 1000) : null;
  await sql`insert into incidents (source, external_id, pagerduty_service_id, title, urgency, status, created_at, resolved_at)
    values ('pagerduty', ${id}, ${r.pick(['P1', 'P3', 'P9'])}, 'x', ${r.pick(['high', 'high', 'low', 'other'])}, 'resolved', ${created}, ${resolved})`.execute(
    t.db,
  );
}

/** Any window in or around the data: whole days, odd instants, a few hours, months, across year ends. */
const windows = fc
  .tuple(
    fc.integer({ min: -20 * 24, max: (SPAN_DAYS + 20) * 24 }),
    fc.integer({ min: 1, max: 150 * 24 }),
    fc.boolean(),
    fc.integer({ min: 0, max: HOUR - 1 }),
  )
  .map(([startHour, hours, aligned, jitter]) => {
    const from = T0 + (aligned ? Math.round(startHour / 24) * 24 : startHour) * HOUR + (aligned ? 0 : jitter);
    return {
      from: new Date(from),
      to: new Date(from + (aligned ? Math.max(1, Math.round(hours / 24)) * 24 : hours) * HOUR),
    };
  });

async function expectSameFigures(t: TestDatabase, window: Window) {
  const scope = (await resolveScope(t.db, { type: 'organisation' }))!;
  const expected = assembleFigures(
    await figurePartsFromDerivedRows(t.db, config, scope, window),
    window,
    config.metrics,
  );
  expect(await computeFigures(t.db, config, scope, window)).toEqual(expected);
}

/**
 * The naive reference: a scope's figures computed in JavaScript from every row of its
 * repositories and PagerDuty services, with none of the SQL either reader uses.
 */
async function naiveFigures(t: TestDatabase, scope: ResolvedScope, { from, to }: Window): Promise<DoraFigures> {
  const repos = new Set(scope.repositoryIds);
  const inWindow = (at: Date) => at >= from && at < to;
  const deployments = (await t.db.selectFrom('derived_deployments').selectAll().execute()).filter(
    (d) => repos.has(d.repository_id) && inWindow(d.deployed_at),
  );
  const changes = (await t.db.selectFrom('derived_changes').selectAll().execute()).filter(
    (c) => repos.has(c.repository_id) && inWindow(c.deployed_at) && c.lead_time_seconds! > 0,
  );
  const pagerduty = new Set(
    (await t.db.selectFrom('service_pagerduty_services').selectAll().execute())
      .filter((l) => scope.serviceIds.includes(l.service_id))
      .map((l) => l.pagerduty_service_id),
  );
  const incidents = (await t.db.selectFrom('incidents').selectAll().execute()).filter(
    (i) => pagerduty.has(i.pagerduty_service_id) && ['high', 'low'].includes(i.urgency!) && inWindow(i.created_at),
  );
  const seconds = (a: Date, b: Date) => (a.getTime() - b.getTime()) / 1000;
  const recovered = deployments.filter((d) => d.failed && d.recovered_at);
  const resolved = incidents.filter((i) => i.resolved_at);
  const stage = (column: 'coding_seconds' | 'pickup_seconds' | 'review_seconds' | 'deploy_seconds') =>
    percentileCont(
      changes.filter((c) => c.kind === 'pull_request' && c[column] !== null).map((c) => c[column]!),
      0.5,
    );
  const after = (at: Date, days: number) => Math.floor((at.getTime() - from.getTime()) / (days * 86_400_000));
  return assembleFigures(
    {
      deployments: {
        deployments: deployments.length,
        failed: deployments.filter((d) => d.failed).length,
        rework: deployments.filter((d) => d.rework).length,
        recovered: recovered.length,
        recovery: percentileCont(
          recovered.map((d) => seconds(d.recovered_at!, d.deployed_at)),
          0.5,
        ),
      },
      deploymentDays: deployments.map((d) => ({
        b7: after(d.deployed_at, 7),
        b30: after(d.deployed_at, 30),
        day: after(d.deployed_at, 1),
      })),
      changes: {
        changes: changes.length,
        p: [0.5, 0.75, 0.9].map((f) =>
          percentileCont(
            changes.map((c) => c.lead_time_seconds!),
            f,
          ),
        ),
      },
      stages: {
        coding: stage('coding_seconds'),
        pickup: stage('pickup_seconds'),
        review: stage('review_seconds'),
        deploy: stage('deploy_seconds'),
      },
      incidents: {
        incidents: incidents.length,
        resolved: resolved.length,
        restore: percentileCont(
          resolved.map((i) => seconds(i.resolved_at!, i.created_at)),
          0.5,
        ),
      },
    },
    { from, to },
    { minimumSample: config.metrics.minimumSample, deploySignalsOnly: deploySignalsOnly(scope) },
  );
}

/** A team's figures: from its rollups (or the derived rows where they do not answer), from the derived rows, and naively. */
async function expectSameTeamFigures(t: TestDatabase, slug: string, window: Window) {
  const scope = (await resolveScope(t.db, { type: 'team', slug }))!;
  const expected = await naiveFigures(t, scope, window);
  expect(
    assembleFigures(await figurePartsFromDerivedRows(t.db, config, scope, window), window, {
      minimumSample: config.metrics.minimumSample,
      deploySignalsOnly: expected.changeFailureRate.levelStatus === 'deploy_signals_only',
    }),
  ).toEqual(expected);
  expect(await computeFigures(t.db, config, scope, window)).toEqual(expected);
}

const answeredByRollups = async (t: TestDatabase, slug: string, window: Window) => {
  const scope = (await resolveScope(t.db, { type: 'team', slug }))!;
  const [answer] = await figurePartsFromRollups(t.db, config, [{ scope, window }]);
  return answer!.parts ? true : answer!.gap;
};

describe('organisation rollups', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  }, 60_000);
  afterAll(() => t.drop());

  it('give exactly the figures of the derived rows, for any window', async () => {
    for (const seedValue of [1, 2]) {
      await seed(t, seedValue);
      expect(await refreshOrgRollups(t.db, config)).toEqual({ rebuilt: true, rebuiltScopes: 3, days: 0 });
      // The rollups are really what answers: a two-day or longer window is served by them.
      const longWindow = { from: new Date(T0), to: new Date(T0 + 60 * 86_400_000) };
      expect((await orgFigurePartsFromRollups(t.db, config, longWindow)).parts).toBeDefined();
      await expectSameFigures(t, longWindow);
      await fc.assert(
        fc.asyncProperty(windows, (w) => expectSameFigures(t, w)),
        { numRuns: 60, seed: seedValue },
      );
    }
  }, 240_000);

  it('stay exact as rows change, through dirty days and the incident comparison', async () => {
    const r = await seed(t, 7);
    await refreshOrgRollups(t.db, config);
    const year = { from: new Date(T0 - 86_400_000), to: new Date(T0 + (SPAN_DAYS + 2) * 86_400_000) };
    for (let round = 0; round < 4; round++) {
      // New deployments, a removed one and a changed failure, each marking its day...
      const days: string[] = [];
      for (let i = 0; i < 5; i++) days.push((await addDeployment(t, r, `n${round}-${i}`)).toISOString().slice(0, 10));
      const { rows } = await sql<{
        id: string;
        day: string;
      }>`select id, (deployed_at at time zone 'UTC')::date::text as day from derived_deployments order by id offset ${round * 7} limit 2`.execute(
        t.db,
      );
      await sql`delete from derived_changes where deployment_id = ${rows[0]!.id}`.execute(t.db);
      await sql`delete from derived_deployments where id = ${rows[0]!.id}`.execute(t.db);
      await sql`update derived_deployments set failed = not failed, recovered_at = case when failed then null else deployed_at + interval '2 hours' end where id = ${rows[1]!.id}`.execute(
        t.db,
      );
      await markDirtyDays(t.db, [...days, rows[0]!.day, rows[1]!.day]);
      // ...which requests over those days read from the derived rows until the refresh.
      expect(await orgFigurePartsFromRollups(t.db, config, year)).toEqual({
        gap: 'a day of the window awaits a refresh',
      });
      await expectSameFigures(t, year);
      expect(await answeredByRollups(t, 'a', year)).toBe('a day of the window awaits a refresh');
      // Incidents change without marking anything: the refresh finds their days itself.
      await addIncident(t, r, `n${round}`);
      await sql`update incidents set resolved_at = created_at + interval '17 minutes' where external_id = ${`i${round * 3}`}`.execute(
        t.db,
      );
      const refreshed = await refreshOrgRollups(t.db, config);
      expect(refreshed.rebuilt).toBe(false);
      expect(refreshed.days).toBeGreaterThan(0);
      expect((await orgFigurePartsFromRollups(t.db, config, year)).parts).toBeDefined();
      await expectSameFigures(t, year);
      for (const team of ['a', 'b']) {
        expect(await answeredByRollups(t, team, year)).toBe(true);
        await expectSameTeamFigures(t, team, year);
      }
      await fc.assert(
        fc.asyncProperty(windows, (w) => expectSameFigures(t, w)),
        { numRuns: 15, seed: round },
      );
    }
    // And the refreshed rollups are exactly what a rebuild makes.
    const digest = async () =>
      (
        await sql<{
          d: string;
        }>`select md5((select string_agg(x::text, '|' order by x.scope_id, x.day) from org_rollup_days x) || (select string_agg(h::text, '|' order by h.scope_id, h.period, h.period_start, h.metric, h.bucket) from org_rollup_histograms h)) as d`.execute(
          t.db,
        )
      ).rows[0]!.d;
    const refreshed = await digest();
    await sql`delete from org_rollup_state`.execute(t.db);
    expect(await refreshOrgRollups(t.db, config)).toMatchObject({ rebuilt: true });
    expect(await digest()).toBe(refreshed);
  }, 240_000);

  it('are set aside when the organisation claims other repositories, until rebuilt', async () => {
    await seed(t, 11);
    await refreshOrgRollups(t.db, config);
    const window = { from: new Date(T0), to: new Date(T0 + 90 * 86_400_000) };
    await sql`insert into service_repositories (service_id, repository_id, source) values (2, 4, 'test')`.execute(t.db);
    expect(await orgFigurePartsFromRollups(t.db, config, window)).toEqual({
      gap: 'built for other repositories or PagerDuty services',
    });
    await expectSameFigures(t, window);
    expect(await refreshOrgRollups(t.db, config)).toMatchObject({ rebuilt: true });
    expect((await orgFigurePartsFromRollups(t.db, config, window)).parts).toBeDefined();
    await expectSameFigures(t, window);
  }, 120_000);
});

describe('team rollups', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  }, 60_000);
  afterAll(() => t.drop());

  it('give exactly the figures of the derived rows and of the naive reference, for any window', async () => {
    // Team a: services s1 (repository 1, P1) and s2 (repository 2); team b: s3 (repositories 3 and 1, P3).
    await seed(t, 5);
    expect(await refreshOrgRollups(t.db, config)).toMatchObject({ rebuiltScopes: 3 });
    const long = { from: new Date(T0), to: new Date(T0 + 60 * 86_400_000) };
    for (const team of ['a', 'b']) {
      expect(await answeredByRollups(t, team, long)).toBe(true);
      await fc.assert(
        fc.asyncProperty(windows, (w) => expectSameTeamFigures(t, team, w)),
        { numRuns: 30, seed: 5 },
      );
    }
  }, 240_000);

  it('are set aside when a service moves team, and rebuilt for both teams by the next refresh', async () => {
    await seed(t, 13);
    await refreshOrgRollups(t.db, config);
    const window = { from: new Date(T0 + 7 * HOUR + 13 * 60_000), to: new Date(T0 + 75 * 86_400_000 + 5 * HOUR) };
    const before = await naiveFigures(t, (await resolveScope(t.db, { type: 'team', slug: 'a' }))!, window);
    // s2 (repository 2) moves from team a to team b.
    await sql`update services set team_id = 2 where slug = 's2'`.execute(t.db);
    for (const team of ['a', 'b']) {
      expect(await answeredByRollups(t, team, window)).toBe('built for other repositories or PagerDuty services');
      await expectSameTeamFigures(t, team, window);
    }
    const after = await computeFigures(t.db, config, (await resolveScope(t.db, { type: 'team', slug: 'a' }))!, window);
    expect(after.deploymentFrequency.deployments).toBeLessThan(before.deploymentFrequency.deployments);
    // The organisation pools the same repositories as before: only the two teams are rebuilt.
    expect(await refreshOrgRollups(t.db, config)).toEqual({ rebuilt: false, rebuiltScopes: 2, days: 0 });
    for (const team of ['a', 'b']) {
      expect(await answeredByRollups(t, team, window)).toBe(true);
      await expectSameTeamFigures(t, team, window);
      await fc.assert(
        fc.asyncProperty(windows, (w) => expectSameTeamFigures(t, team, w)),
        { numRuns: 15, seed: 13 },
      );
    }
    // A team that is gone leaves no rollups behind.
    await sql`update services set team_id = null where team_id = 2`.execute(t.db);
    await sql`delete from teams where slug = 'b'`.execute(t.db);
    await refreshOrgRollups(t.db, config);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from org_rollup_state where scope_id = 2`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
  }, 240_000);

  it('answer many teams at once and a series in one pass, as each window alone', async () => {
    await seed(t, 17);
    await refreshOrgRollups(t.db, config);
    const teams = await Promise.all(
      ['a', 'b'].map(async (slug) => (await resolveScope(t.db, { type: 'team', slug }))!),
    );
    for (const window of [
      { from: new Date(T0), to: new Date(T0 + 90 * 86_400_000) },
      { from: new Date(T0 + 7 * HOUR + 13 * 60_000), to: new Date(T0 + 100 * 86_400_000 + 5 * HOUR) },
    ]) {
      expect(await computeFiguresOfScopes(t.db, config, teams, window)).toEqual(
        await Promise.all(teams.map((scope) => naiveFigures(t, scope, window))),
      );
      for (const scope of [...teams, (await resolveScope(t.db, { type: 'organisation' }))!]) {
        for (const interval of ['week', 'month'] as const) {
          const list = buckets(window, interval);
          expect(await computeSeries(t.db, config, scope, list)).toEqual(
            await Promise.all(list.map((bucket) => naiveFigures(t, scope, bucket))),
          );
        }
      }
    }
  }, 240_000);
});
