import { getServerContext } from '@/app/_server/context';
import { json, notFound, parseSearchParams } from '@/lib/http';
import { scopeAndWindow } from '@/lib/params';
import { listServices, listTeams } from '@/metrics/catalog-views';
import { getDoraReport } from '@/metrics/dora-report';

export const dynamic = 'force-dynamic';

/** GET /api/v1/teams/{slug}?from=&to= — a team, its services, and its pooled DORA figures. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const parsed = parseSearchParams(request, scopeAndWindow);
  if (!parsed.ok) return parsed.response;
  const { db, loaded } = await getServerContext();
  const [team] = await listTeams(db, { slug });
  if (!team) return notFound(`no team "${slug}"`);
  const [services, dora] = await Promise.all([listServices(db, { teamId: team.id }), getDoraReport(db, loaded.config, { team: slug }, parsed.data)]);
  const { id: _id, ...rest } = team;
  return json({ ...rest, services, dora });
}
