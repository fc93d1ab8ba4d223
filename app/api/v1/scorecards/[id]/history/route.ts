import { getServerContext } from '@/app/_server/context';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, badRequest, notFound, parseSearchParams } from '@/lib/http';
import { getScorecardHistory } from '@/scorecards/read/get-scorecard-history';
import { historyParams, historyRange, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** Daily history per check version, team and organisation; `from`/`to` default to the last 90 days. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseSearchParams(request, historyParams);
  if (!parsed.ok) return parsed.response;
  const range = historyRange(parsed.data);
  if ('error' in range) return badRequest(range.error);
  const { id } = await params;
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(
    request,
    {
      kind: 'scorecard-history',
      request: { ...parsed.data, range, id },
      compute: ({ db }) => getScorecardHistory(db, sc.scorecards, id, range),
      inputs: [sc.scorecards.fileHash],
    },
    () => notFound(`no scorecard "${id}"`),
  );
}
