import { getServerContext } from '@/app/_server/context';
import { servicesWithFiguresQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { json, notFound, parseSearchParams } from '@/lib/http';
import { windowAndTeam } from '@/lib/params';
import { listTeams } from '@/metrics/catalog-views';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/**
 * GET /api/v1/dora/services?from=&to=&team= — every service's (or one team's) row of the services
 * list: its figures over the window and its level on the first scorecard. The services pages
 * render their first rows on the server and read the rest from here.
 */
export async function GET(request: Request) {
  const params = parseSearchParams(request, windowAndTeam);
  if (!params.ok) return params.response;
  const { from, to, team } = params.data;
  const { db, loaded } = await getServerContext();
  if (team && (await listTeams(db, { slug: team })).length === 0) return notFound(`no team "${team}"`);
  const sc = scorecardsForRequest(loaded);
  return cachedResponse(
    request,
    servicesWithFiguresQuery(sc.ok ? sc.scorecards : null, { from, to }, { team }),
    // The query answers every scope with a list (an unknown team is refused above).
    () => notFound(`no team "${team}"`),
    {
      render: ({ rows, scorecard }, headers) =>
        json({ window: { from, to }, team: team ?? null, scorecard, services: rows }, { headers }),
    },
  );
}
