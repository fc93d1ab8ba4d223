import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createDb, type Db } from '../db/database';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { parseConfigText } from '../lib/config';
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
import { figuresOfBuckets, figuresOfScopes, resolveScopesBy } from '../metrics/figures-of-scopes';
import { median, percentileCont } from '../metrics/stats';

/**
 * A large organisation (default: 1,000 services, 2,000 commits, ~667 pull requests and 300
 * deployments each over a year, 30 incidents each: ~2M commits, 300k deployments, 30k
 * incidents), generated in SQL. Reports derivation time (full and incremental), the
 * organisation-wide /dora figures' latency, and the same figures computed from the raw
 * tables on request (BENCH_RAW=0 leaves that out). BENCH_SERVICES scales it down.
 */
const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
const COMMITS = 2000;
const DEPLOYS = 300;
const INCIDENTS = 30;
const YEAR_START = '2025-06-01T00:00:00Z';
const config = parseConfigText('{}', 'bench.yaml', {}).config;
const window = { from: new Date(YEAR_START), to: new Date('2026-06-01T00:00:00Z') };

async function generate(db: Db) {
  const oid = (repo: string, i: string) => `md5(${repo} || ':' || ${i}) || substr(md5(${i} || ':' || ${repo}), 1, 8)`;
  await sql
    .raw(
      `
    truncate teams, services, repositories, pagerduty_services, incidents, derivation_state restart identity cascade;
    insert into teams (slug, name, source) select 'team-' || t, 'Team ' || t, 'bench' from generate_series(1, 50) t;
    insert into repositories (full_name, owner, name, default_branch, source) select 'bench/repo-' || r, 'bench', 'repo-' || r, 'main', 'bench' from generate_series(1, ${SERVICES}) r;
    insert into services (slug, name, team_id, source) select 'svc-' || r, 'Service ' || r, 1 + r % 50, 'bench' from generate_series(1, ${SERVICES}) r;
    insert into service_repositories select r, r, 'bench' from generate_series(1, ${SERVICES}) r;
    insert into service_pagerduty_services select r, 'P' || r, 'bench' from generate_series(1, ${SERVICES}) r;
    insert into commits (repository_id, oid, parent_oids, authored_at, committed_at, author_login, message_headline, associated_pull_request_numbers)
      select r, ${oid('r::text', 'i::text')},
        case when i = 1 then '{}'::text[] else array[${oid('r::text', '(i-1)::text')}] end,
        timestamptz '${YEAR_START}' + (i * interval '4 hours 22 minutes') - interval '3 hours',
        timestamptz '${YEAR_START}' + (i * interval '4 hours 22 minutes'),
        'dev', 'commit ' || i, array[(i + 2) / 3]
      from generate_series(1, ${SERVICES}) r, generate_series(1, ${COMMITS}) i;
    insert into pull_requests (repository_id, number, title, author_login, state, draft, created_at, updated_at, merged_at, closed_at, merge_commit_oid, labels, first_commit_authored_at, first_review_at)
      select r, p, 'PR ' || p, 'dev', 'MERGED', false,
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes') - interval '8 hours',
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes'),
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes'),
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes'),
        ${oid('r::text', '(3 * p)::text')}, case when p % 40 = 0 then array['hotfix'] else '{}'::text[] end,
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes') - interval '14 hours',
        timestamptz '${YEAR_START}' + (3 * p * interval '4 hours 22 minutes') - interval '5 hours'
      from generate_series(1, ${SERVICES}) r, generate_series(1, ${COMMITS / 3}) p;
    insert into deployments (repository_id, source, external_id, environment, commit_oid, created_at, updated_at, statuses, latest_state, deployed_at)
      select r, 'github', r || '-' || k, 'production',
        ${oid('r::text', `(case when k % 50 = 0 then k * ${Math.floor(COMMITS / DEPLOYS)} - 20 else k * ${Math.floor(COMMITS / DEPLOYS)} end)::text`)},
        timestamptz '${YEAR_START}' + (k * interval '29 hours 12 minutes'),
        timestamptz '${YEAR_START}' + (k * interval '29 hours 12 minutes'),
        jsonb_build_array(jsonb_build_object('state', 'SUCCESS', 'createdAt', timestamptz '${YEAR_START}' + (k * interval '29 hours 12 minutes'))),
        'SUCCESS', timestamptz '${YEAR_START}' + (k * interval '29 hours 12 minutes')
      from generate_series(1, ${SERVICES}) r, generate_series(1, ${DEPLOYS}) k;
    insert into incidents (source, external_id, pagerduty_service_id, title, urgency, status, created_at, resolved_at)
      select 'pagerduty', r || '-' || n, 'P' || r, 'Incident', 'high', 'resolved',
        timestamptz '${YEAR_START}' + (n * interval '290 hours') + (r % 7) * interval '1 hour',
        timestamptz '${YEAR_START}' + (n * interval '290 hours') + (r % 7) * interval '1 hour' + interval '95 minutes'
      from generate_series(1, ${SERVICES}) r, generate_series(1, ${INCIDENTS}) n;
    analyze;
  `,
    )
    .execute(db);
}

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
  const server = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres(path.resolve('.bench-data'));
  const url = process.env.BENCH_DATABASE_URL ?? server!.url.replace(/\/paved$/, '/bench');
  if (server) await ensureDatabase(server.url.replace(/\/paved$/, '/postgres'), 'bench');
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    let t = performance.now();
    const existing = await sql<{ n: number }>`select count(*)::int as n from commits`.execute(db);
    // BENCH_REUSE=1 measures requests on the organisation a previous run generated and derived.
    const reuse = process.env.BENCH_REUSE === '1' && existing.rows[0]!.n === SERVICES * COMMITS;
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
      5,
    );
    await time(
      'GET /api/v1/dora?team=, one team of 20 services, one year (from the derived rows)',
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
        'the same organisation series in one pass over the derived rows (the path teams take; the organisation reads its rollups)',
        () => figuresOfBuckets(db, config, organisation, buckets(window, 'week')),
        5,
      );
    }
    // A team of 300 services (services 1–300 move to it; derived rows do not depend on teams).
    await sql`insert into teams (slug, name, source) values ('team-300', 'Team of 300', 'bench') on conflict do nothing`.execute(
      db,
    );
    await sql`update services set team_id = (select id from teams where slug = 'team-300') where id <= 300`.execute(db);
    await time(
      'GET /api/v1/dora?team=, a team of 300 services, one year (no cache: every request cold)',
      () => getDoraReport(db, config, { team: 'team-300' }, window),
      20,
    );
    await time(
      'GET /api/v1/dora/series?interval=week&team=, the team of 300, one year (one pass)',
      () => getDoraSeries(db, config, { team: 'team-300' }, window, 'week'),
      5,
    );
    await time(
      "the overview's teams table: every team's figures over one year (one grouped pass)",
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
    await db.destroy();
    await server?.stop();
  }
}

void main();
