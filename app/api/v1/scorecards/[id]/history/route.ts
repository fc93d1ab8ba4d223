import { getServerContext } from '@/app/_server/context';
import { apiError, badRequest, json, notFound, parseSearchParams } from '@/lib/http';
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
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const history = await getScorecardHistory(db, sc.scorecards, id, range);
  return history ? json(history) : notFound(`no scorecard "${id}"`);
}
