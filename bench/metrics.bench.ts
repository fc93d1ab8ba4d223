import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import { attributeFailures } from '../metrics/derive/attribute-failures';
import { deriveRepository } from '../metrics/derive/derive-repository';
import { loadRepositoryHistory } from '../metrics/derive/load-history';
import { deriveDelivery } from '../metrics/derive/run-derivation';
import { assembleFigures } from '../metrics/dora-figures';
import { figurePartsFromDerivedRows } from '../metrics/figures-from-derived-rows';
import { buckets, getDoraReport, getDoraSeries } from '../metrics/dora-report';
import { orgFigurePartsFromRollups } from '../metrics/rollup/figures-from-rollups';
import { refreshOrgRollups } from '../metrics/rollup/refresh-rollups';
import { resolveScope } from '../metrics/scope';
import { computeFiguresOfScopes } from '../metrics/dora';
import { figuresOfBuckets, figuresOfScopes, resolveScopesBy } from '../metrics/figures-of-scopes';
import { median, percentileCont } from '../metrics/stats';
import { config, generate, openLargeOrganisation, window } from './large-organisation';

/**
 * The large organisation of bench/large-organisation.ts. Reports derivation time (full and
 * incremental), the organisation-wide /dora figures' latency, a team of 300 services, the
 * overview's teams table, and the same figures computed from the raw tables on request
 * (BENCH_RAW=0 leaves that out). BENCH_REUSE=1 measures the organisation a previous run generated.
 */
/** The same figures with nothing precomputed: walk every repository's history on request. */
async function figuresFromRawTables(db: Db) {
  const repos = await db.selectFrom('repositories').select(['id', 'full_name', 'default_branch']).execute();
  const lead: number[] = [];
  let deployments = 0;
  let failed = 0;
  const recoveries: number[] = [];
  const incidents = await db
    .selectFrom('incidents')
    .select(['external_id', 'pagerduty_service_id', 'created_at', 'resolved_at'])
    .execute();
  const byService = new Map<number, { key: string; createdAt: number; resolvedAt: number | null }[]>();
  for (const i of incidents) {
    const service = Number(i.pagerduty_service_id.slice(1));
    byService.set(service, [
      ...(byService.get(service) ?? []),
      { key: i.external_id, createdAt: i.created_at.getTime(), resolvedAt: i.resolved_at?.getTime() ?? null },
    ]);
  }
  for (const repo of repos) {
    const derived = deriveRepository(await loadRepositoryHistory(db, config, repo));
    const times = derived.deployments.map((d) => d.deployedAt).sort((a, b) => a - b);
    const byId = new Map(derived.deployments.map((d) => [d.id, d.deployedAt]));
    for (const d of derived.deployments) {
      if (d.deployedAt < window.from.getTime() || d.deployedAt >= window.to.getTime()) continue;
      deployments++;
      const f = attributeFailures(
        { ...d, serviceIds: [repo.id] },
        {
          serviceDeployTimes: new Map([[repo.id, times]]),
          serviceIncidents: byService,
          deployTimeById: byId,
          attributionWindowMs: 168 * 3_600_000,
        },
      );
      if (f.failed) failed++;
      if (f.failed && f.recoveredAt !== null) recoveries.push(f.recoveredAt - d.deployedAt);
    }
    for (const c of derived.changes)
      if (c.deployedAt >= window.from.getTime() && c.deployedAt < window.to.getTime() && c.leadTimeSeconds > 0)
        lead.push(c.leadTimeSeconds);
  }
  return { deployments, failed, leadMedian: median(lead), recoveryMedian: median(recoveries) };
}

async function main() {
  const bench = await openLargeOrganisation();
  const { db } = bench;
  try {
    let t = performance.now();
    // BENCH_REUSE=1 measures requests on the organisation a previous run generated and derived.
    const reuse = process.env.BENCH_REUSE === '1' && bench.generated;
    if (!reuse) await generate(db);
    const counts = await sql<{
      c: number;
      p: number;
      d: number;
      i: number;
    }>`select (select count(*) from commits)::int c, (select count(*) from pull_requests)::int p, (select count(*) from deployments)::int d, (select count(*) from incidents)::int i`.execute(
      db,
    );
    console.log(`generated ${JSON.stringify(counts.rows[0])} in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    const full = reuse ? null : await deriveDelivery(db, config, { full: true });
    const fullMs = performance.now() - t;
    if (full) console.log(`full derivation: ${(fullMs / 1000).toFixed(1)} s (${JSON.stringify(full)})`);

    // A sync that brings one new deployment to one repository (under BENCH_REUSE too, with a fresh id each run).
    await sql`insert into deployments (repository_id, source, external_id, environment, commit_oid, created_at, updated_at, statuses, latest_state, deployed_at)
      select 1, 'github', ${`bench-new-${Date.now()}`}, 'production', oid, now(), now(), '[]', 'SUCCESS', timestamptz '2026-05-31T00:00:00Z' from commits where repository_id = 1 order by committed_at desc limit 1`.execute(
      db,
    );
    {
      if (reuse) await refreshOrgRollups(db, config);
      t = performance.now();
      const incremental = await deriveDelivery(db, config);
      const incrementalMs = performance.now() - t;
      console.log(
        `incremental derivation after a one-repository sync: ${(incrementalMs / 1000).toFixed(2)} s (${JSON.stringify(incremental)})${full ? `; full ÷ incremental = ${(fullMs / incrementalMs).toFixed(0)}×` : ''}`,
      );
    }

    if (reuse) {
      // An organisation derived before the rollups existed gets them now.
      t = performance.now();
      const refreshed = await refreshOrgRollups(db, config);
      console.log(
        `organisation rollups: ${JSON.stringify(refreshed)} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }

    const time = async <T>(
      label: string,
      run: () => Promise<T>,
      runs = 20,
    ): Promise<{ p50: number; p95: number; value: T }> => {
      const samples: number[] = [];
      let value: T | undefined;
      for (let i = 0; i < runs + 5; i++) {
        const start = performance.now();
        value = await run();
        samples.push(performance.now() - start);
      }
      const p50 = percentileCont(samples.slice(5), 0.5)!;
      const p95 = percentileCont(samples.slice(5), 0.95)!;
      console.log(`${label}: p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${runs} runs after 5 warm-ups`);
      return { p50, p95, value: value! };
    };
    // What GET /api/v1/dora computes: the scope, the window and the preceding window of equal length.
    const report = await time(
      'GET /api/v1/dora, organisation, one year (window and previous window, from the rollups)',
      () => getDoraReport(db, config, {}, window),
    );
    const odd = {
      from: new Date(window.from.getTime() + 7 * 3_600_000 + 13 * 60_000),
      to: new Date(window.to.getTime() + 7 * 3_600_000 + 13 * 60_000),
    };
    await time(
      'GET /api/v1/dora, organisation, one year starting 07:13 (partial days at both ends read from the derived rows)',
      () => getDoraReport(db, config, {}, odd),
    );
    await time(
      'GET /api/v1/dora/series?interval=week, organisation, one year (52 windows)',
      () => getDoraSeries(db, config, {}, window, 'week'),
      10,
    );
    await time(
      'GET /api/v1/dora?team=, one team of 20 services, one year',
      () => getDoraReport(db, config, { team: 'team-1' }, window),
      10,
    );
    await time(
      'GET /api/v1/dora?service=, one service, one year (from the derived rows)',
      () => getDoraReport(db, config, { service: 'svc-1' }, window),
      10,
    );
    {
      const organisation = (await resolveScope(db, { type: 'organisation' }))!;
      await time(
        'the same organisation series in one pass over the derived rows (where rollups do not cover the buckets)',
        () => figuresOfBuckets(db, config, organisation, buckets(window, 'week')),
        5,
      );
    }
    // A team of 300 services (services 1–300 move to it; derived rows do not depend on teams).
    await sql`insert into teams (slug, name, source) values ('team-300', 'Team of 300', 'bench') on conflict do nothing`.execute(
      db,
    );
    await sql`update services set team_id = (select id from teams where slug = 'team-300') where id <= 300`.execute(db);
    {
      // As the derivation after a catalog change would: the teams the move changed get new rollups.
      t = performance.now();
      const refreshed = await refreshOrgRollups(db, config);
      console.log(
        `rollups after services 1–300 moved to team-300: ${JSON.stringify(refreshed)} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
    }
    await time(
      'GET /api/v1/dora?team=, a team of 300 services, one year (window and previous window; no cache: every request cold)',
      () => getDoraReport(db, config, { team: 'team-300' }, window),
      20,
    );
    await time(
      'GET /api/v1/dora/series?interval=week&team=, the team of 300, one year (one pass)',
      () => getDoraSeries(db, config, { team: 'team-300' }, window, 'week'),
      10,
    );
    await time(
      "the overview's teams table: every team's figures over one year (one pass over the team rollups)",
      async () => computeFiguresOfScopes(db, config, [...(await resolveScopesBy(db, 'team')).values()], window),
      10,
    );
    await time(
      'the same teams table in one grouped pass over the derived rows (without team rollups)',
      async () => figuresOfScopes(db, config, [...(await resolveScopesBy(db, 'team')).values()], window),
      5,
    );
    await time(
      "the team page's services: the 300 services' figures over one year (one grouped pass)",
      async () =>
        figuresOfScopes(
          db,
          config,
          [...(await resolveScopesBy(db, 'service', { teamSlug: 'team-300' })).values()],
          window,
        ),
      5,
    );
    const scope = (await resolveScope(db, { type: 'organisation' }))!;
    const derived = await time(
      'the same year from the derived rows without rollups (window only)',
      async () => assembleFigures(await figurePartsFromDerivedRows(db, config, scope, window), window, config.metrics),
      5,
    );
    const figures = report.value!;
    const same =
      JSON.stringify(derived.value) ===
      JSON.stringify(
        assembleFigures((await orgFigurePartsFromRollups(db, config, window)).parts!, window, config.metrics),
      );
    console.log(`  rollups and derived rows give identical figures: ${same}`);
    if (!same) throw new Error('the rollups disagree with the derived rows');
    const p50 = report.p50;
    const p95 = report.p95;
    console.log(
      `  deployments ${figures.deploymentFrequency.deployments}, failed ${figures.changeFailureRate.failedDeployments}, lead-time median ${figures.leadTimeForChanges.medianSeconds} s, p90 ${figures.leadTimeForChanges.p90Seconds} s`,
    );

    // BENCH_RAW=0 leaves out the minutes-long walk of the raw tables.
    if (process.env.BENCH_RAW !== '0') {
      t = performance.now();
      const raw = await figuresFromRawTables(db);
      const rawMs = performance.now() - t;
      console.log(
        `the same figures from the raw tables on request: ${(rawMs / 1000).toFixed(1)} s (deployments ${raw.deployments}, failed ${raw.failed}, lead-time median ${raw.leadMedian} s)`,
      );
      console.log(
        `precomputed is ${(rawMs / p50).toFixed(0)}× faster (raw ÷ p50), ${(rawMs / p95).toFixed(0)}× at p95`,
      );
    }
  } finally {
    await bench.close();
  }
}

void main();
