import { getServerContext } from '@/app/_server/context';
import { apiError, notFound, parseSearchParams } from '@/lib/http';
import { getServiceBadge } from '@/scorecards/read/get-service-badge';
import { badgeParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/** `GET /api/v1/badges/{service}.svg?scorecard=`: the service's level as an SVG badge for a README. */
export async function GET(request: Request, { params }: { params: Promise<{ service: string }> }) {
  const parsed = parseSearchParams(request, badgeParams);
  if (!parsed.ok) return parsed.response;
  const slug = (await params).service.replace(/\.svg$/, '');
  const { db, loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const svg = await getServiceBadge(db, sc.scorecards, slug, parsed.data.scorecard);
  if (!svg)
    return notFound(
      `no service "${slug}"${parsed.data.scorecard ? ` or no scorecard "${parsed.data.scorecard}"` : ''}`,
    );
  return new Response(svg, {
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'max-age=300' },
  });
}
