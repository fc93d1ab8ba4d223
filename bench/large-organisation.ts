import path from 'node:path';
import { sql } from 'kysely';
import { createDb, type Db } from '../db/database';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded';
import { migrateToLatest } from '../db/migrate';
import { parseConfigText } from '../lib/config';

/**
 * The benchmark organisation: by default 1,000 services, each with 2,000 commits, ~667 pull
 * requests and 300 deployments over a year and 30 incidents (~2M commits, 300k deployments, 30k
 * incidents), in 50 teams. BENCH_SERVICES scales it down. Kept in the database `bench` of an
 * embedded server under .bench-data (or at BENCH_DATABASE_URL), so later runs can reuse it.
 */
export const SERVICES = Number(process.env.BENCH_SERVICES ?? 1000);
export const COMMITS = 2000;
const DEPLOYS = 300;
const INCIDENTS = 30;
export const YEAR_START = '2025-06-01T00:00:00Z';
export const config = parseConfigText('{}', 'bench.yaml', {}).config;
export const window = { from: new Date(YEAR_START), to: new Date('2026-06-01T00:00:00Z') };

/** Generates the organisation in SQL (about 1.5 minutes at 1,000 services); it still needs a full derivation. */
export async function generate(db: Db) {
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

/** The benchmark database, migrated; `generated` says whether it already holds the organisation. */
export async function openLargeOrganisation(): Promise<{
  db: Db;
  url: string;
  generated: boolean;
  close(): Promise<void>;
}> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPostgres(path.resolve('.bench-data'));
  const url = process.env.BENCH_DATABASE_URL ?? server!.url.replace(/\/paved$/, '/bench');
  if (server) await ensureDatabase(server.url.replace(/\/paved$/, '/postgres'), 'bench');
  const db = createDb(url);
  await migrateToLatest(db);
  const existing = await sql<{ n: number }>`select count(*)::int as n from commits`.execute(db);
  return {
    db,
    url,
    generated: existing.rows[0]!.n === SERVICES * COMMITS,
    async close() {
      await db.destroy();
      await server?.stop();
    },
  };
}
