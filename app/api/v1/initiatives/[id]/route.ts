import { getServerContext } from '@/app/_server/context';
import { initiativeQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound, parseSearchParams } from '@/lib/http';
import { initiativeParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** One initiative: progress per check, team and service over time, what is left, who is late. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseSearchParams(request, initiativeParams);
  if (!parsed.ok) return parsed.response;
  const { id } = await params;
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(request, initiativeQuery(sc.scorecards, id, parsed.data.weeks), () =>
    notFound(`no initiative "${id}"`),
  );
}
