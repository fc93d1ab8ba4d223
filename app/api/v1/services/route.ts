import { listResponse } from '@/app/_server/respond';
import { getServerContext } from '@/app/_server/context';
import { parseSearchParams } from '@/lib/http';
import { formatParams } from '@/lib/params';
import { listServices } from '@/metrics/catalog-views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/services — every service with its team, repositories and PagerDuty services (JSON or CSV). */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, formatParams);
  if (!parsed.ok) return parsed.response;
  const { db } = await getServerContext();
  const items = (await listServices(db)).map((s) => ({ ...s, team: s.team?.slug ?? null }));
  return listResponse({ items, next: null }, parsed.data.format, 'services');
}
