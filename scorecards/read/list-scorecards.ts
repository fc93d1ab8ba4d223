import type { Db } from '../../db/database';
import type { LoadedScorecards } from '../load-scorecards';
import { getCurrentResults, levelsByService, rollup, type Rollup } from './current-results';

export interface ScorecardSummary {
  id: string;
  name: string;
  description: string | null;
  levels: string[];
  checks: number;
  evaluatedAt: string | null;
  organisation: Rollup;
}

/**
 * Every scorecard in the file with the organisation's rollup.
 * @example await listScorecards(db, loadScorecards(loaded))
 */
export async function listScorecards(db: Db, scorecards: LoadedScorecards): Promise<ScorecardSummary[]> {
  return Promise.all(
    scorecards.scorecards.map(async (card) => {
      const results = await getCurrentResults(db, card.id);
      return {
        id: card.id,
        name: card.name,
        description: card.description ?? null,
        levels: card.levels,
        checks: card.checks.length,
        evaluatedAt: results[0]?.evaluatedAt ?? null,
        organisation: rollup(card.levels, levelsByService(card, results), results),
      };
    }),
  );
}
