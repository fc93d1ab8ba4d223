import { listResponse } from '@/app/_server/respond';
import { getServerContext } from '@/app/_server/context';
import { parseSearchParams } from '@/lib/http';
import { formatParams } from '@/lib/params';
import { listTeams } from '@/metrics/catalog-views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/teams — every team with its number of services (JSON or CSV). */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, formatParams);
  if (!parsed.ok) return parsed.response;
  const { db } = await getServerContext();
  const items = (await listTeams(db)).map(({ id: _id, ...team }) => team);
  return listResponse({ items, next: null }, parsed.data.format, 'teams');
}
