import { sql, type Kysely } from 'kysely';

/**
 * The figure generation: a counter that advances, in the committing transaction itself, whenever
 * a row that figures are computed from changes (derived rows, rollups, incidents and their
 * overrides, the catalog, where collected history starts, scorecard results). Web processes key
 * their cached figures and ETags on it, so a cached answer never outlives the data it was read
 * from. The tables' triggers only note "this transaction changed figures" (once, through a
 * transaction-local setting checked in the trigger's WHEN, so a bulk write costs one call); a
 * deferred trigger advances the counter at commit, so the row lock is taken last and held only
 * for the commit, and writers never deadlock on it.
 */
export const FIGURE_TABLES = [
  'teams',
  'services',
  'repositories',
  'service_repositories',
  'pagerduty_services',
  'service_pagerduty_services',
  'incidents',
  'incident_overrides',
  'derived_deployments',
  'derived_changes',
  'org_rollup_days',
  'org_rollup_histograms',
  'org_rollup_state',
  'org_rollup_dirty_days',
  'repository_facts',
  'scorecard_checks',
  'scorecard_results',
  'scorecard_service_sets',
  'scorecard_snapshots',
] as const;

const NOT_NOTED = sql.raw(`current_setting('paved.figures_changed', true) is distinct from 'on'`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table figure_generation (
      only_row boolean primary key default true check (only_row),
      generation bigint not null,
      changed_at timestamptz not null default now()
    );
    insert into figure_generation (generation) values (1);

    -- One row per transaction that changed figures, from its first change to its commit.
    create table figure_changes (txid bigint primary key);

    create function paved_figures_changed() returns void language plpgsql as $$
    begin
      if current_setting('paved.figures_changed', true) is distinct from 'on' then
        perform set_config('paved.figures_changed', 'on', true);
        insert into figure_changes (txid) values (txid_current()) on conflict do nothing;
      end if;
    end $$;

    create function paved_note_figures_changed() returns trigger language plpgsql as $$
    begin
      perform paved_figures_changed();
      return null;
    end $$;

    create function paved_advance_figure_generation() returns trigger language plpgsql as $$
    begin
      update figure_generation set generation = generation + 1, changed_at = now();
      delete from figure_changes where txid = new.txid;
      return null;
    end $$;

    create constraint trigger figure_changes_advance after insert on figure_changes
      deferrable initially deferred for each row execute function paved_advance_figure_generation();
  `.execute(db);
  for (const table of FIGURE_TABLES) {
    const t = sql.raw(table);
    await sql`
      create trigger ${sql.raw(`${table}_figures_written`)} after insert or delete on ${t}
        for each row when (${NOT_NOTED}) execute function paved_note_figures_changed();
      -- An update that rewrites the same values (an upsert of an unchanged row, a new updated_at) changes no figure.
      create trigger ${sql.raw(`${table}_figures_updated`)} after update on ${t}
        for each row when (${NOT_NOTED} and (to_jsonb(old) - 'updated_at') is distinct from (to_jsonb(new) - 'updated_at'))
        execute function paved_note_figures_changed();
      create trigger ${sql.raw(`${table}_figures_truncated`)} after truncate on ${t}
        for each statement execute function paved_note_figures_changed();
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of FIGURE_TABLES) {
    for (const suffix of ['written', 'updated', 'truncated'])
      await sql`drop trigger if exists ${sql.raw(`${table}_figures_${suffix}`)} on ${sql.raw(table)}`.execute(db);
  }
  await sql`
    drop table if exists figure_changes;
    drop table if exists figure_generation;
    drop function if exists paved_advance_figure_generation();
    drop function if exists paved_note_figures_changed();
    drop function if exists paved_figures_changed();
  `.execute(db);
}
