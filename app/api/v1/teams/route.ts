import { getServerContext } from '@/app/_server/context';
import { json } from '@/lib/http';
import { listTeams } from '@/metrics/catalog-views';

export const dynamic = 'force-dynamic';

/** GET /api/v1/teams — every team with its number of services. */
export async function GET() {
  const { db } = await getServerContext();
  const teams = await listTeams(db);
  return json({ items: teams.map(({ id: _id, ...team }) => team) });
}
