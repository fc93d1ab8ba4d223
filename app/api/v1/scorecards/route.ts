import { getServerContext } from '@/app/_server/context';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound } from '@/lib/http';
import { listScorecards } from '@/scorecards/read/list-scorecards';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** Every scorecard with the organisation's rollup. */
export async function GET(request: Request) {
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(
    request,
    {
      kind: 'scorecards',
      request: {},
      compute: async ({ db }) => ({ scorecards: await listScorecards(db, sc.scorecards) }),
      inputs: [sc.scorecards.fileHash],
    },
    () => notFound('no scorecards'),
  );
}
