import { getServerContext } from '@/app/_server/context';
import { json } from '@/lib/http';
import { getDataQuality } from '@/metrics/data-quality';

export const dynamic = 'force-dynamic';

/** GET /api/v1/data-quality — what the figures leave out, and the last sync per source. */
export async function GET() {
  const { db } = await getServerContext();
  return json(await getDataQuality(db));
}
