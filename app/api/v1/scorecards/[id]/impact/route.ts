import { getServerContext } from '@/app/_server/context';
import { apiError, json, notFound, parseSearchParams } from '@/lib/http';
import { getDoraFigures } from '@/metrics/dora';
import { getScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { impactParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** GET /api/v1/scorecards/{id}/impact — adoption versus delivery outcomes per check, and the roadmap ranking. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseSearchParams(request, impactParams);
  if (!parsed.ok) return parsed.response;
  const { id } = await params;
  const { db, loaded } = await getServerContext();
  const scorecards = scorecardsForRequest(loaded);
  if (!scorecards.ok) return apiError(500, 'invalid_scorecards', scorecards.message);
  const impact = await getScorecardImpact(db, scorecards.scorecards, id, {
    metrics: getDoraFigures,
    config: loaded.config,
    ...parsed.data,
  });
  return impact ? json(impact) : notFound(`no scorecard "${id}"`);
}
