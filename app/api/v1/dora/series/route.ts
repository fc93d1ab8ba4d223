import { getServerContext } from '@/app/_server/context';
import { json, notFound, parseSearchParams } from '@/lib/http';
import { seriesParams } from '@/lib/params';
import { getDoraSeries } from '@/metrics/dora-report';

export const dynamic = 'force-dynamic';

/** GET /api/v1/dora/series?interval=week|month&… — the figures per bucket, for trend charts. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, seriesParams);
  if (!parsed.ok) return parsed.response;
  const { db, loaded } = await getServerContext();
  const series = await getDoraSeries(db, loaded.config, parsed.data, parsed.data, parsed.data.interval);
  if (!series)
    return notFound(parsed.data.service ? `no service "${parsed.data.service}"` : `no team "${parsed.data.team}"`);
  return json(series);
}
