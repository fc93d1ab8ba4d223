import { getServerContext } from '@/app/_server/context';
import { cachedResponse } from '@/app/_server/figures';
import { apiError, notFound, parseSearchParams } from '@/lib/http';
import { getServiceBadge } from '@/scorecards/read/get-service-badge';
import { badgeParams, scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/**
 * Badges are fetched on every README view (through GitHub's image proxy): a minute's reuse
 * anywhere, then a revalidation that a new derivation or evaluation answers with the new badge.
 * `private` when badges need a viewer (`auth.publicBadges: false`), so no shared cache keeps one.
 */
const badgeCaching = (publicBadges: boolean) => `${publicBadges ? 'public' : 'private'}, max-age=60`;

/** `GET /api/v1/badges/{service}.svg?scorecard=`: the service's level as an SVG badge for a README. */
export async function GET(request: Request, { params }: { params: Promise<{ service: string }> }) {
  const parsed = parseSearchParams(request, badgeParams);
  if (!parsed.ok) return parsed.response;
  const slug = (await params).service.replace(/\.svg$/, '');
  const { loaded } = await getServerContext();
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  return cachedResponse(
    request,
    {
      kind: 'badge',
      request: { ...parsed.data, slug },
      compute: ({ db }) => getServiceBadge(db, sc.scorecards, slug, parsed.data.scorecard),
      inputs: [sc.scorecards.fileHash],
    },
    () => notFound(`no service "${slug}"${parsed.data.scorecard ? ` or no scorecard "${parsed.data.scorecard}"` : ''}`),
    {
      cacheControl: badgeCaching(loaded.config.auth?.publicBadges ?? true),
      render: (svg, headers) =>
        new Response(svg, { headers: { ...headers, 'content-type': 'image/svg+xml; charset=utf-8' } }),
    },
  );
}
