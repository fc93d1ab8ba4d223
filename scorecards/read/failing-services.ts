import type { Db } from '../../db/database';
import { getCurrentResults } from './current-results';

export interface FailingService {
  slug: string;
  name: string;
  state: string;
  reason: string;
}

/**
 * The services (of a team, or of every team) whose rule for a check does not pass (outcome fail or no data;
 * adoption counts outcomes, so an exempt failure is listed with its state; a check not enforced yet fails nobody); `outcome` narrows to one of the two.
 */
export async function getFailingServices(
  db: Db,
  scorecardId: string,
  checkId: string,
  team?: string,
  outcome?: 'fail' | 'no_data',
): Promise<FailingService[]> {
  const results = await getCurrentResults(db, scorecardId);
  return results
    .filter(
      (r) =>
        r.checkId === checkId &&
        (team === undefined || (r.team ?? '(no team)') === team) &&
        r.outcome !== null &&
        r.outcome !== 'pass' &&
        r.state !== 'upcoming' &&
        (outcome === undefined || r.outcome === outcome),
    )
    .map((r) => ({ slug: r.slug, name: r.name, state: r.state, reason: r.reason }));
}
