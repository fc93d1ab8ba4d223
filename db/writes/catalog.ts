import type { Db } from '../database';
import { upsertRows } from './upsert';

export interface TeamInput {
  slug: string;
  name: string;
  source: string;
}

export interface ServiceInput {
  slug: string;
  name: string;
  teamSlug: string | null;
  lifecycle?: string | null;
  tier?: string | null;
  type?: string | null;
  description?: string | null;
  source: string;
}

/** Upserts teams by slug and returns slug → id. */
export async function upsertTeams(db: Db, teams: readonly TeamInput[]): Promise<Map<string, number>> {
  await upsertRows(
    db,
    'teams',
    teams.map((t) => ({ slug: t.slug, name: t.name, source: t.source, updated_at: new Date() })),
    ['slug'],
  );
  const rows = await db.selectFrom('teams').select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Upserts services by slug (teams must exist) and returns slug → id. */
export async function upsertServices(db: Db, services: readonly ServiceInput[]): Promise<Map<string, number>> {
  const teams = new Map((await db.selectFrom('teams').select(['id', 'slug']).execute()).map((r) => [r.slug, r.id]));
  await upsertRows(
    db,
    'services',
    services.map((s) => ({
      slug: s.slug,
      name: s.name,
      team_id: s.teamSlug ? (teams.get(s.teamSlug) ?? null) : null,
      lifecycle: s.lifecycle ?? null,
      tier: s.tier ?? null,
      type: s.type ?? null,
      description: s.description ?? null,
      source: s.source,
      updated_at: new Date(),
    })),
    ['slug'],
  );
  const rows = await db.selectFrom('services').select(['id', 'slug']).execute();
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Replaces the links a source owns for the given services, leaving other sources' links alone. */
export async function replaceServiceLinks(
  db: Db,
  source: string,
  links: { serviceId: number; repositoryIds: number[]; pagerdutyServiceIds: string[] }[],
): Promise<void> {
  const serviceIds = links.map((l) => l.serviceId);
  if (serviceIds.length === 0) return;
  await db
    .deleteFrom('service_repositories')
    .where('source', '=', source)
    .where('service_id', 'in', serviceIds)
    .execute();
  await db
    .deleteFrom('service_pagerduty_services')
    .where('source', '=', source)
    .where('service_id', 'in', serviceIds)
    .execute();
  await upsertRows(
    db,
    'service_repositories',
    links.flatMap((l) => l.repositoryIds.map((repository_id) => ({ service_id: l.serviceId, repository_id, source }))),
    ['service_id', 'repository_id'],
    { preserveColumns: ['source'] },
  );
  await upsertRows(
    db,
    'service_pagerduty_services',
    links.flatMap((l) =>
      l.pagerdutyServiceIds.map((pagerduty_service_id) => ({ service_id: l.serviceId, pagerduty_service_id, source })),
    ),
    ['service_id', 'pagerduty_service_id'],
    { preserveColumns: ['source'] },
  );
}
