import { doraReportQuery } from '@/app/_server/figure-queries';
import { cachedResponse } from '@/app/_server/figures';
import { notFound, parseSearchParams } from '@/lib/http';
import { reportParams } from '@/lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/dora?from=&to=&service=|team=&compare= — the five metrics, with the window they are compared with. */
export async function GET(request: Request) {
  const params = parseSearchParams(request, reportParams);
  if (!params.ok) return params.response;
  return cachedResponse(request, doraReportQuery(params.data), () =>
    notFound(params.data.service ? `no service "${params.data.service}"` : `no team "${params.data.team}"`),
  );
}
