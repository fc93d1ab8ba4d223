import { sql } from 'kysely';
import type { Db } from '../db/database';

/** Services with their team and links, for lists and lookups. */
/** Whether the catalog holds any service at all (the services list's "No services yet" state). */
export async function hasServices(db: Db): Promise<boolean> {
  return (await db.selectFrom('services').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export async function listServices(db: Db, filter: { slug?: string; teamId?: number; teamSlug?: string } = {}) {
  let query = db
    .selectFrom('services as s')
    .leftJoin('teams as t', 't.id', 's.team_id')
    .select([
      's.id',
      's.slug',
      's.name',
      's.lifecycle',
      's.tier',
      's.type',
      's.description',
      's.source',
      't.slug as team',
      't.name as teamName',
    ])
    .select([
      sql<
        string[]
      >`coalesce((select array_agg(r.full_name order by r.full_name) from service_repositories sr join repositories r on r.id = sr.repository_id where sr.service_id = s.id), '{}')`.as(
        'repositories',
      ),
      sql<
        string[]
      >`coalesce((select array_agg(sp.pagerduty_service_id order by sp.pagerduty_service_id) from service_pagerduty_services sp where sp.service_id = s.id), '{}')`.as(
        'pagerdutyServices',
      ),
    ])
    .orderBy('s.slug');
  if (filter.slug) query = query.where('s.slug', '=', filter.slug);
  if (filter.teamId !== undefined) query = query.where('s.team_id', '=', filter.teamId);
  if (filter.teamSlug !== undefined) query = query.where('t.slug', '=', filter.teamSlug);
  const rows = await query.execute();
  return rows
    .map(({ id: _id, ...row }) => ({
      ...row,
      // Both come from the same (left-joined) team row: present together or absent together.
      team: row.team !== null && row.teamName !== null ? { slug: row.team, name: row.teamName } : null,
      teamName: undefined,
    }))
    .map(({ teamName: _t, ...row }) => row);
}

/** Teams with their service count. */
export async function listTeams(db: Db, filter: { slug?: string } = {}) {
  let query = db
    .selectFrom('teams as t')
    .select(['t.id', 't.slug', 't.name', 't.source'])
    .select(sql<number>`(select count(*)::int from services s where s.team_id = t.id)`.as('services'))
    .orderBy('t.slug');
  if (filter.slug) query = query.where('t.slug', '=', filter.slug);
  return query.execute();
}

/** The tiers the catalog's services carry, in order. */
export async function listTiers(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('services')
    .select('tier')
    .distinct()
    .where('tier', 'is not', null)
    .orderBy('tier')
    .execute();
  return rows.map((r) => r.tier!);
}
