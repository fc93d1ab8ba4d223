import { sql, type Kysely } from 'kysely';

/**
 * What the data-quality page reads without scanning whole tables:
 * - `derived_undeployed_pull_requests`: the merged pull requests of a derived repository that no
 *   derived change deploys, rewritten with the repository's derived changes (metrics/derive). The
 *   page used to anti-join every merged pull request against derived_changes on each request
 *   (about a second at 666k pull requests). Filled here from the current rows of the repositories
 *   the derivation covers, so an upgraded database lists the same pull requests before the next
 *   derivation (less those of archived or removed repositories, which are no longer listed).
 * - partial indexes for the baseline deployments and the non-positive lead times, a few rows each
 *   that were found by scanning every derived row.
 * The new table advances the figure generation like the other derived tables (migration 1200).
 */
export const UNDEPLOYED_TABLE = 'derived_undeployed_pull_requests';

const NOT_NOTED = sql.raw(`current_setting('paved.figures_changed', true) is distinct from 'on'`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table derived_undeployed_pull_requests (
      repository_id integer not null references repositories(id) on delete cascade,
      number integer not null,
      title text not null,
      merged_at timestamptz not null,
      primary key (repository_id, number)
    );
    -- The newest first, ties in a stable order: the page's sample reads the index's first rows.
    create index derived_undeployed_pull_requests_merged_idx
      on derived_undeployed_pull_requests (merged_at desc, repository_id, number);

    create trigger derived_undeployed_pull_requests_figures_written after insert or delete on derived_undeployed_pull_requests
      for each row when (${NOT_NOTED}) execute function paved_note_figures_changed();
    create trigger derived_undeployed_pull_requests_figures_updated after update on derived_undeployed_pull_requests
      for each row when (${NOT_NOTED} and (to_jsonb(old) - 'updated_at') is distinct from (to_jsonb(new) - 'updated_at'))
      execute function paved_note_figures_changed();
    create trigger derived_undeployed_pull_requests_figures_truncated after truncate on derived_undeployed_pull_requests
      for each statement execute function paved_note_figures_changed();

    insert into derived_undeployed_pull_requests (repository_id, number, title, merged_at)
      select p.repository_id, p.number, p.title, p.merged_at
      from pull_requests p join repositories r on r.id = p.repository_id
      where p.merged_at is not null and not r.archived and r.removed_at is null
        and not exists (select 1 from derived_changes c where c.repository_id = p.repository_id and c.change_key = 'pr:' || p.number);

    create index derived_deployments_baseline_idx on derived_deployments (repository_id, environment) where is_baseline;
    create index derived_changes_non_positive_idx on derived_changes (deployed_at desc) where lead_time_seconds <= 0;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists derived_changes_non_positive_idx, derived_deployments_baseline_idx;
    drop table if exists derived_undeployed_pull_requests;
  `.execute(db);
}
