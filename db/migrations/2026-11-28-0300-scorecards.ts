import { sql, type Kysely } from 'kysely';

/**
 * Scorecard results. `scorecard_checks` names each version of a check: a changed rule or
 * filter gets a new definition hash and so a new series. `scorecard_results` holds the
 * latest evaluation with its reasons; `scorecard_snapshots` keeps one row per check
 * version and day, the states of every service packed in two parallel arrays, so a year
 * of 1,000 services × 30 checks is ~11k rows rather than 11M.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table scorecard_checks (
      id serial primary key,
      scorecard_id text not null,
      check_id text not null,
      definition_hash text not null,
      level text not null,
      weight real not null,
      category text,
      definition jsonb not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      unique (scorecard_id, check_id, definition_hash)
    );

    create table scorecard_results (
      scorecard_id text not null,
      check_id text not null,
      service_id integer not null references services(id) on delete cascade,
      check_key integer not null references scorecard_checks(id) on delete cascade,
      -- pass | fail | exempt | not_applicable | no_data | upcoming
      state text not null,
      -- what the rule alone said (pass | fail | no_data), before exemptions and enforcedFrom; null when not applicable
      outcome text,
      reason text not null,
      exemption jsonb,
      evaluated_at timestamptz not null,
      primary key (scorecard_id, check_id, service_id)
    );
    create index scorecard_results_service_idx on scorecard_results (service_id);

    -- The services a snapshot row covers, in order; stored once per distinct set, as the
    -- set rarely changes from one day to the next.
    create table scorecard_service_sets (
      id serial primary key,
      hash text not null unique,
      service_ids integer[] not null
    );

    create table scorecard_snapshots (
      check_key integer not null references scorecard_checks(id) on delete cascade,
      day date not null,
      service_set_id integer not null references scorecard_service_sets(id),
      -- one byte per service of the set, in its order: state index + 8 × outcome index
      states bytea not null,
      primary key (check_key, day)
    );
    create index scorecard_snapshots_day_idx on scorecard_snapshots (day);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists scorecard_snapshots, scorecard_service_sets, scorecard_results, scorecard_checks cascade;`.execute(
    db,
  );
}
