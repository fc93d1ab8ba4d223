import type { Db } from '../db/database';

export type DoraScope =
  | { type: 'organisation' }
  | { type: 'team'; slug: string }
  | { type: 'service'; slug: string }
  | { type: 'services'; ids: number[] };

export interface ResolvedScope {
  serviceIds: number[];
  repositoryIds: number[];
  /** The whole organisation: queries need no service or repository filter. */
  all?: boolean;
}

/** The services and repositories a scope pools; null when the team or service does not exist. */
export async function resolveScope(db: Db, scope: DoraScope): Promise<ResolvedScope | null> {
  let services = db.selectFrom('services').select('services.id');
  if (scope.type === 'team') {
    const team = await db.selectFrom('teams').select('id').where('slug', '=', scope.slug).executeTakeFirst();
    if (!team) return null;
    services = services.where('team_id', '=', team.id);
  } else if (scope.type === 'service') {
    services = services.where('slug', '=', scope.slug);
  } else if (scope.type === 'services') {
    services = services.where('id', 'in', scope.ids.length ? scope.ids : [-1]);
  }
  const serviceIds = (await services.execute()).map((s) => s.id);
  if (scope.type === 'service' && serviceIds.length === 0) return null;
  const repos = serviceIds.length
    ? await db
        .selectFrom('service_repositories')
        .select('repository_id')
        .distinct()
        .where('service_id', 'in', serviceIds)
        .execute()
    : [];
  return { serviceIds, repositoryIds: repos.map((r) => r.repository_id), all: scope.type === 'organisation' };
}
