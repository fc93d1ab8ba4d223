import type { Db } from '../../db/database';
import type { LoadedScorecards } from '../load-scorecards';
import { getCurrentResults } from './current-results';

/** A failing check of a team and the services that fail it. */
export interface FixItem {
  checkId: string;
  name: string;
  level: string;
  remediation: string;
  services: { slug: string; name: string; state: string; reason: string }[];
}

/**
 * A team's failing checks on a scorecard (fail or no data, never exempt), lowest level
 * first and then by how many services fail, each with the services and their reasons.
 */
export async function getTeamFixes(
  db: Db,
  scorecards: LoadedScorecards,
  scorecardId: string,
  team: string,
): Promise<FixItem[]> {
  const card = scorecards.scorecards.find((c) => c.id === scorecardId);
  if (!card) return [];
  const results = (await getCurrentResults(db, scorecardId)).filter(
    (r) => r.team === team && (r.state === 'fail' || r.state === 'no_data'),
  );
  return card.checks
    .map((check) => ({
      checkId: check.id,
      name: check.name,
      level: check.level,
      remediation: check.remediation,
      services: results
        .filter((r) => r.checkId === check.id)
        .map((r) => ({ slug: r.slug, name: r.name, state: r.state, reason: r.reason })),
    }))
    .filter((item) => item.services.length > 0)
    .sort(
      (a, b) => card.levels.indexOf(a.level) - card.levels.indexOf(b.level) || b.services.length - a.services.length,
    );
}
