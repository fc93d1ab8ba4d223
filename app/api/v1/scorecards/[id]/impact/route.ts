import { getServerContext } from '@/app/_server/context';
import { impactQuery } from '@/app/_server/figure-queries';
import { cachedFigures, cachedResponse } from '@/app/_server/figures';
import { listResponse } from '@/app/_server/respond';
import { apiError, badRequest, notFound, parseSearchParams } from '@/lib/http';
import { listTeams, listTiers } from '@/metrics/catalog-views';
import { resolveRoadmapScope } from '@/lib/roadmap-scope';
import { impactRows } from '@/scorecards/read/impact-rows';
import { impactParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** GET /api/v1/scorecards/{id}/impact — adoption versus delivery outcomes per check, and the roadmap ranking. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = parseSearchParams(request, impactParams);
  if (!parsed.ok) return parsed.response;
  const { id } = await params;
  const { db, loaded } = await getServerContext();
  const scorecards = scorecardsForRequest(loaded);
  if (!scorecards.ok) return apiError(500, 'invalid_scorecards', scorecards.message);
  const { format, ...options } = parsed.data;
  const card = scorecards.scorecards.scorecards.find((c) => c.id === id);
  if (!card) return notFound(`no scorecard "${id}"`);
  // Filter values read as on the roadmap page (lib/roadmap-scope.ts): one naming nothing is a bad
  // request, never an answer for a scope nobody asked for (an unknown tier used to rank nothing, 200).
  const [teams, tiers] = await Promise.all([listTeams(db), listTiers(db)]);
  const scope = resolveRoadmapScope(
    { team: options.team, tier: options.tier, level: options.level },
    { teams: teams.map((t) => t.slug), tiers, levels: card.levels },
  );
  if (!scope.ok) return badRequest(scope.message);
  const query = impactQuery(scorecards.scorecards, id, options);
  if (format === 'csv') {
    const impact = await cachedFigures(query);
    if (!impact) return notFound(`no scorecard "${id}"`);
    return listResponse({ items: impactRows(impact), next: null }, 'csv', `${id}-impact`);
  }
  return cachedResponse(request, query, () => notFound(`no scorecard "${id}"`));
}
