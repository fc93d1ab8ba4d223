import { sql, type Kysely } from 'kysely';

/**
 * Where each repository's and PagerDuty service's collected history starts: a comparison with a
 * window before it would compare against data that was never collected. Collectors set it from
 * their backfill; rows collected before this migration take their earliest collected row, which
 * is never earlier than the truth.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table repositories add column history_from timestamptz;
    alter table pagerduty_services add column history_from timestamptz;
    update repositories r set history_from = (
      select least(
        (select min(created_at) from deployments d where d.repository_id = r.id),
        (select min(created_at) from pipeline_runs p where p.repository_id = r.id)
      )
    );
    update pagerduty_services s set history_from = (
      select min(created_at) from incidents i where i.pagerduty_service_id = s.id
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table repositories drop column if exists history_from;
    alter table pagerduty_services drop column if exists history_from;
  `.execute(db);
}
