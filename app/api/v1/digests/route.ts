import { getServerContext } from '@/app/_server/context';
import { apiError, json, notFound, parseSearchParams } from '@/lib/http';
import { now } from '@/lib/clock';
import { buildDigest } from '@/notifications/build-digest';
import { digestParams } from '@/notifications/requests';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** GET /api/v1/digests?team= — what this period's digest of a team (or the organisation) says. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, digestParams);
  if (!parsed.ok) return parsed.response;
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const team = parsed.data.team ?? null;
  const digest = await buildDigest(db, loaded.config, sc.scorecards, team, now());
  return digest ? json(digest) : notFound(`no team "${team}"`);
}
