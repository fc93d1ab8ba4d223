import { sql, type Kysely } from 'kysely';

/**
 * The rollups gain a scope: `scope_id` 0 is the organisation (every row so far), any other value
 * the team of that id. A team of several hundred services then sums its days and months as the
 * organisation does instead of sorting its derived rows. Each scope keeps its own state row: the
 * membership it was built for, so a service that changes team leaves no stale team figures.
 * A histogram row also lists its distinct values and their counts when it has at most 16 of them
 * (null otherwise): a percentile whose rank falls in such a bucket is read from the rollups
 * instead of the derived rows. Every scope is rebuilt at the next refresh (until then requests read
 * the derived rows), so every row has its lists.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table org_rollup_days add column scope_id integer not null default 0;
    alter table org_rollup_days drop constraint org_rollup_days_pkey;
    alter table org_rollup_days add primary key (scope_id, day);

    alter table org_rollup_histograms add column scope_id integer not null default 0;
    alter table org_rollup_histograms drop constraint org_rollup_histograms_pkey;
    alter table org_rollup_histograms add primary key (scope_id, period, period_start, metric, bucket);

    alter table org_rollup_state add column scope_id integer not null default 0;
    alter table org_rollup_state drop constraint org_rollup_state_pkey;
    alter table org_rollup_state drop column singleton;
    alter table org_rollup_state add primary key (scope_id);

    alter table org_rollup_histograms add column listed_values double precision[], add column listed_counts integer[];
    delete from org_rollup_state;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table org_rollup_histograms drop column listed_values, drop column listed_counts;
    delete from org_rollup_days where scope_id <> 0;
    delete from org_rollup_histograms where scope_id <> 0;
    delete from org_rollup_state where scope_id <> 0;
    alter table org_rollup_days drop constraint org_rollup_days_pkey;
    alter table org_rollup_days drop column scope_id;
    alter table org_rollup_days add primary key (day);
    alter table org_rollup_histograms drop constraint org_rollup_histograms_pkey;
    alter table org_rollup_histograms drop column scope_id;
    alter table org_rollup_histograms add primary key (period, period_start, metric, bucket);
    alter table org_rollup_state drop constraint org_rollup_state_pkey;
    alter table org_rollup_state drop column scope_id;
    alter table org_rollup_state add column singleton boolean primary key default true check (singleton);
  `.execute(db);
}
