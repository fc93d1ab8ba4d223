import { getServerContext } from '@/app/_server/context';
import { json, notFound, parseSearchParams } from '@/lib/http';
import { reportParams } from '@/lib/params';
import { getDoraReport } from '@/metrics/dora-report';

export const dynamic = 'force-dynamic';

/** GET /api/v1/dora?from=&to=&service=|team=&compare= — the five metrics, with the window they are compared with. */
export async function GET(request: Request) {
  const params = parseSearchParams(request, reportParams);
  if (!params.ok) return params.response;
  const { db, loaded } = await getServerContext();
  const report = await getDoraReport(db, loaded.config, params.data, params.data, params.data.compare);
  if (!report)
    return notFound(params.data.service ? `no service "${params.data.service}"` : `no team "${params.data.team}"`);
  return json(report);
}
