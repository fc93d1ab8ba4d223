import { getServerContext } from '@/app/_server/context';
import { serviceScorecardQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound } from '@/lib/http';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** A service's results on a scorecard, with reasons, remediation and what blocks its next level. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string; slug: string }> }) {
  const { id, slug } = await params;
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(request, serviceScorecardQuery(sc.scorecards, id, slug), () =>
    notFound(`no scorecard "${id}" or no service "${slug}"`),
  );
}
