/**
 * Prints how much space a year of daily scorecard history takes for 1,000 services ×
 * 30 checks (365 snapshot days), in the layout Paved uses (one row per check version and
 * day, one byte per service against a shared service set, written by the same
 * `writeSnapshots` the evaluation uses), and, for comparison, one row per result per day.
 *
 *   npx tsx bench/scorecard-history-size.bench.ts          (DATABASE_URL, else an embedded server under .test-data/bench)
 */
import { sql } from 'kysely';
import { openBenchDatabase } from './bench-database';
import { upsertRows } from '../db/writes/upsert';
import { writeSnapshots } from '../scorecards/persist-evaluation';
import { encodeState } from '../scorecards/states';
import { DAY_MS } from '../lib/clock';

const SERVICES = 1000;
const CHECKS = 30;
const DAYS = 365;

async function main() {
  const { db, close } = await openBenchDatabase({ max: 2 });
  try {
    await db.insertInto('teams').values({ slug: 'bench', name: 'bench', source: 'bench' }).execute();
    await upsertRows(
      db,
      'services',
      Array.from({ length: SERVICES }, (_, i) => ({ slug: `service-${i}`, name: `Service ${i}`, source: 'bench' })),
      ['slug'],
    );
    const serviceIds = (await db.selectFrom('services').select('id').orderBy('id').execute()).map((r) => r.id);
    const at = new Date('2026-01-01T00:00:00Z');
    await upsertRows(
      db,
      'scorecard_checks',
      Array.from({ length: CHECKS }, (_, c) => ({
        scorecard_id: 'golden-path',
        check_id: `check-${c}`,
        definition_hash: `h${c}`,
        level: 'bronze',
        weight: 1,
        category: null,
        definition: '{}',
        first_seen_at: at,
        last_seen_at: at,
      })),
      ['scorecard_id', 'check_id', 'definition_hash'],
    );
    const checkKeys = (await db.selectFrom('scorecard_checks').select('id').orderBy('id').execute()).map((r) => r.id);

    for (const [label, flipsPerDay] of [
      ['realistic (1% of results change a day)', 0.01],
      ['worst case (states random every day)', 1],
    ] as const) {
      await sql`truncate scorecard_snapshots, scorecard_service_sets`.execute(db);
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const states = checkKeys.map(() =>
        serviceIds.map(() =>
          random() < 0.7
            ? encodeState('pass', 'pass')
            : random() < 0.8
              ? encodeState('fail', 'fail')
              : encodeState('no_data', 'no_data'),
        ),
      );
      const started = performance.now();
      for (let d = 0; d < DAYS; d++) {
        const day = new Date(at.getTime() + d * DAY_MS).toISOString().slice(0, 10);
        for (const row of states)
          for (let i = 0; i < row.length; i++)
            if (random() < flipsPerDay)
              row[i] = random() < 0.5 ? encodeState('pass', 'pass') : encodeState('fail', 'fail');
        await writeSnapshots(
          db,
          day,
          checkKeys.map((checkKey, c) => ({
            checkKey,
            cells: serviceIds.map((serviceId, i) => ({ serviceId, code: states[c]![i]! })),
          })),
        );
      }
      const seconds = (performance.now() - started) / 1000;
      await sql`vacuum analyze scorecard_snapshots`.execute(db);
      const size = await sql<{
        rows: number;
        total: number;
        table: number;
        toast: number;
        indexes: number;
        sets: number;
      }>`
        select (select count(*)::int from scorecard_snapshots) as rows,
               pg_total_relation_size('scorecard_service_sets')::bigint as sets,
               (pg_total_relation_size('scorecard_snapshots') + pg_total_relation_size('scorecard_service_sets'))::bigint as total,
               pg_relation_size('scorecard_snapshots')::bigint as table,
               coalesce(pg_total_relation_size(reltoastrelid), 0)::bigint as toast,
               pg_indexes_size('scorecard_snapshots')::bigint as indexes
        from pg_class where relname = 'scorecard_snapshots'`.execute(db);
      const s = size.rows[0]!;
      console.log(
        `${label}: ${s.rows} rows for ${SERVICES} services × ${CHECKS} checks × ${DAYS} days (${((SERVICES * CHECKS * DAYS) / 1e6).toFixed(2)}M results): ${mb(s.total)} total (heap ${mb(s.table)}, TOAST ${mb(s.toast)}, indexes ${mb(s.indexes)}) + service sets ${mb(s.sets)}; written in ${seconds.toFixed(1)} s`,
      );
    }

    // For comparison: one row per (check, service, day), as a naive layout would store it. Measured on 7 days, scaled to 365.
    await sql`create table bench_row_per_result (check_key integer not null, service_id integer not null, day date not null, state smallint not null, primary key (check_key, day, service_id))`.execute(
      db,
    );
    for (let d = 0; d < 7; d++) {
      await sql`insert into bench_row_per_result select k, s, date '2026-01-01' + ${d}::int, 0 from unnest(${checkKeys}::int[]) k, unnest(${serviceIds}::int[]) s`.execute(
        db,
      );
    }
    await sql`vacuum analyze bench_row_per_result`.execute(db);
    const naive = await sql<{
      total: number;
    }>`select pg_total_relation_size('bench_row_per_result')::bigint as total`.execute(db);
    console.log(
      `one row per result per day instead: ~${mb((naive.rows[0]!.total / 7) * DAYS)} for the same year (${((SERVICES * CHECKS * DAYS) / 1e6).toFixed(2)}M rows; measured on 7 days and scaled)`,
    );
  } finally {
    await close();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
