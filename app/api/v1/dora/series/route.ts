import { doraSeriesQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { notFound, parseSearchParams } from '@/lib/http';
import { seriesParams } from '@/lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/dora/series?interval=week|month&… — the figures per bucket, for trend charts. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, seriesParams);
  if (!parsed.ok) return parsed.response;
  return cachedResponse(request, doraSeriesQuery(parsed.data), () =>
    notFound(parsed.data.service ? `no service "${parsed.data.service}"` : `no team "${parsed.data.team}"`),
  );
}
