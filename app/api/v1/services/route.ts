import { getServerContext } from '@/app/_server/context';
import { json } from '@/lib/http';
import { listServices } from '@/metrics/catalog-views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/services — every service with its team, repositories and PagerDuty services. */
export async function GET() {
  const { db } = await getServerContext();
  return json({ items: await listServices(db) });
}
