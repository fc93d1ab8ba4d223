import { sql, type Kysely } from 'kysely';

/**
 * The collection generation: the figure generation's twin (migration 1200, same mechanism) for
 * what pages show besides figures: collected rows read as they are (today's deployments, the
 * lists of deployments and changes, headline counts) and the state of syncs (the header's last
 * sync, budgets). Cached page responses (lib/response-cache) are keyed on both generations, so a
 * delivered webhook or a finished sync shows at once; cached figures stay keyed on the figure
 * generation alone, so collecting rows that no derivation has read yet does not evict them.
 */
export const COLLECTION_TABLES = [
  'commits',
  'pull_requests',
  'pull_request_commits',
  'deployments',
  'pipeline_runs',
  'sync_runs',
  'sync_run_parts',
  'settings',
] as const;

const NOT_NOTED = sql.raw(`current_setting('paved.collection_changed', true) is distinct from 'on'`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table collection_generation (
      only_row boolean primary key default true check (only_row),
      generation bigint not null,
      changed_at timestamptz not null default now()
    );
    insert into collection_generation (generation) values (1);

    create table collection_changes (txid bigint primary key);

    create function paved_note_collection_changed() returns trigger language plpgsql as $$
    begin
      if current_setting('paved.collection_changed', true) is distinct from 'on' then
        perform set_config('paved.collection_changed', 'on', true);
        insert into collection_changes (txid) values (txid_current()) on conflict do nothing;
      end if;
      return null;
    end $$;

    create function paved_advance_collection_generation() returns trigger language plpgsql as $$
    begin
      update collection_generation set generation = generation + 1, changed_at = now();
      delete from collection_changes where txid = new.txid;
      return null;
    end $$;

    create constraint trigger collection_changes_advance after insert on collection_changes
      deferrable initially deferred for each row execute function paved_advance_collection_generation();
  `.execute(db);
  for (const table of COLLECTION_TABLES) {
    const t = sql.raw(table);
    await sql`
      create trigger ${sql.raw(`${table}_collection_written`)} after insert or delete on ${t}
        for each row when (${NOT_NOTED}) execute function paved_note_collection_changed();
      create trigger ${sql.raw(`${table}_collection_updated`)} after update on ${t}
        for each row when (${NOT_NOTED} and (to_jsonb(old) - 'updated_at') is distinct from (to_jsonb(new) - 'updated_at'))
        execute function paved_note_collection_changed();
      create trigger ${sql.raw(`${table}_collection_truncated`)} after truncate on ${t}
        for each statement execute function paved_note_collection_changed();
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of COLLECTION_TABLES) {
    for (const suffix of ['written', 'updated', 'truncated'])
      await sql`drop trigger if exists ${sql.raw(`${table}_collection_${suffix}`)} on ${sql.raw(table)}`.execute(db);
  }
  await sql`
    drop table if exists collection_changes;
    drop table if exists collection_generation;
    drop function if exists paved_advance_collection_generation();
    drop function if exists paved_note_collection_changed();
  `.execute(db);
}
