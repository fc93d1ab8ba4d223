import 'server-only';
import type { Db } from '@/db/database';
import type { PavedConfig } from '@/lib/config';
import type { TeamView } from '@/lib/queries/use-team-query';
import { listServices, listTeams } from '@/metrics/catalog-views';
import { getDoraReport } from '@/metrics/dora-report';
import type { Window } from '@/metrics/dora';

/**
 * A team, its services and its pooled figures: the body of GET /api/v1/teams/{slug}, also
 * what pages prefetch under the same key. Null when there is no such team.
 */
export async function getTeamView(db: Db, config: PavedConfig, slug: string, window: Window): Promise<TeamView | null> {
  const [team] = await listTeams(db, { slug });
  if (!team) return null;
  const [services, dora] = await Promise.all([
    listServices(db, { teamId: team.id }),
    getDoraReport(db, config, { team: slug }, window),
  ]);
  const { id: _id, ...rest } = team;
  return { ...rest, services, dora: dora! };
}
