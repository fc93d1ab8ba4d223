import { getServerContext } from '@/app/_server/context';
import { apiError, json } from '@/lib/http';
import { listScorecards } from '@/scorecards/read/list-scorecards';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** Every scorecard with the organisation's rollup. */
export async function GET() {
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return json({ scorecards: await listScorecards(db, sc.scorecards) });
}
