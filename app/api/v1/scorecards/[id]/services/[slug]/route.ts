import { getServerContext } from '@/app/_server/context';
import { apiError, json, notFound } from '@/lib/http';
import { getServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** A service's results on a scorecard, with reasons, remediation and what blocks its next level. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string; slug: string }> }) {
  const { id, slug } = await params;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const result = await getServiceScorecard(db, sc.scorecards, id, slug);
  return result ? json(result) : notFound(`no scorecard "${id}" or no service "${slug}"`);
}
