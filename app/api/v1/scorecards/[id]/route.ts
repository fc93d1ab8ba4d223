import { getServerContext } from '@/app/_server/context';
import { apiError, json, notFound } from '@/lib/http';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** One scorecard: checks with adoption overall and per team, team and organisation rollups. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const scorecard = await getScorecard(db, sc.scorecards, id);
  return scorecard ? json(scorecard) : notFound(`no scorecard "${id}"`);
}
