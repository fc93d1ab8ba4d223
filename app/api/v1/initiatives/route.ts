import { getServerContext } from '@/app/_server/context';
import { initiativesQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound } from '@/lib/http';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** Every initiative with its progress and the teams behind. */
export async function GET(request: Request) {
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(request, initiativesQuery(sc.scorecards), () => notFound('no initiatives'));
}
