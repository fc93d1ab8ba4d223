import type { z } from 'zod';
import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import type { ComparisonPeriod } from '../lib/comparison-window';
import { listServices, listTeams } from './catalog-views';
import type { Window } from './dora-figures';
import { getDoraReport } from './dora-report';
import type { teamView } from './responses';

/** The body of GET /api/v1/teams/{slug}: the team (without its row id), its services, its figures (metrics/responses.ts). */
export type TeamView = z.infer<typeof teamView>;

/**
 * A team, its services and its pooled figures: the body of GET /api/v1/teams/{slug}, also
 * what pages prefetch under the same key. Null when there is no such team.
 */
export async function getTeamView(
  db: Db,
  config: PavedConfig,
  slug: string,
  window: Window,
  compare?: ComparisonPeriod,
): Promise<TeamView | null> {
  const [team] = await listTeams(db, { slug });
  if (!team) return null;
  const [services, dora] = await Promise.all([
    listServices(db, { teamId: team.id }),
    getDoraReport(db, config, { team: slug }, window, compare),
  ]);
  const { id: _id, ...rest } = team;
  return { ...rest, services, dora: dora! };
}
