import { teamViewQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { notFound, parseSearchParams } from '@/lib/http';
import { reportParams } from '@/lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/teams/{slug}?from=&to=&compare= — a team, its services, and its pooled DORA figures. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const parsed = parseSearchParams(request, reportParams);
  if (!parsed.ok) return parsed.response;
  return cachedResponse(request, teamViewQuery(slug, parsed.data), () => notFound(`no team "${slug}"`));
}
