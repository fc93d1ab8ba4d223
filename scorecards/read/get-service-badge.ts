import type { Db } from '../../db/database';
import { renderBadge } from '../badge';
import type { LoadedScorecards } from '../load-scorecards';
import { getServiceScorecard } from './get-service-scorecard';

/**
 * The SVG level badge of a service on a scorecard (the first one when none is named);
 * null when either is unknown.
 * @example await getServiceBadge(db, scorecards, 'payments-api') // '<svg …>golden path: gold…</svg>'
 */
export async function getServiceBadge(
  db: Db,
  scorecards: LoadedScorecards,
  slug: string,
  scorecardId?: string,
): Promise<string | null> {
  const card = scorecardId ? scorecards.scorecards.find((c) => c.id === scorecardId) : scorecards.scorecards[0];
  if (!card) return null;
  const result = await getServiceScorecard(db, scorecards, card.id, slug);
  if (!result) return null;
  return renderBadge(card.name.toLowerCase(), result.level, result.level ? card.levels.indexOf(result.level) : 0);
}
