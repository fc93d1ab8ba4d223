import { getServerContext } from '@/app/_server/context';
import { impactQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound, parseSearchParams } from '@/lib/http';
import { impactParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** GET /api/v1/scorecards/{id}/impact — adoption versus delivery outcomes per check, and the roadmap ranking. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseSearchParams(request, impactParams);
  if (!parsed.ok) return parsed.response;
  const { id } = await params;
  const { loaded } = await getServerContext();
  const scorecards = scorecardsForRequest(loaded);
  if (!scorecards.ok) return apiError(500, 'invalid_scorecards', scorecards.message);
  return cachedResponse(request, impactQuery(scorecards.scorecards, id, parsed.data), () =>
    notFound(`no scorecard "${id}"`),
  );
}
