import { getServerContext } from '@/app/_server/context';
import { scorecardQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound } from '@/lib/http';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** One scorecard: checks with adoption overall and per team, team and organisation rollups. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(request, scorecardQuery(sc.scorecards, id), () => notFound(`no scorecard "${id}"`));
}
