import { getServerContext } from '@/app/_server/context';
import { impactQuery } from '@/app/_server/figure-queries';
import { cachedFigures, cachedResponse } from '@/app/_server/figures';
import { listResponse } from '@/app/_server/respond';
import { apiError, badRequest, notFound, parseSearchParams } from '@/lib/http';
import { listTeams } from '@/metrics/catalog-views';
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
  if (options.level && !card.levels.includes(options.level))
    return badRequest(`level: expected one of ${card.levels.join(', ')}`);
  if (options.team && !(await listTeams(db)).some((t) => t.slug === options.team))
    return notFound(`no team "${options.team}"`);
  const query = impactQuery(scorecards.scorecards, id, options);
  if (format === 'csv') {
    const impact = await cachedFigures(query);
    if (!impact) return notFound(`no scorecard "${id}"`);
    return listResponse({ items: impactRows(impact), next: null }, 'csv', `${id}-impact`);
  }
  return cachedResponse(request, query, () => notFound(`no scorecard "${id}"`));
}
