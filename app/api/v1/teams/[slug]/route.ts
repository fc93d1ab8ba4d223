import { getServerContext } from '@/app/_server/context';
import { getTeamView } from '@/metrics/team-view';
import { json, notFound, parseSearchParams } from '@/lib/http';
import { reportParams } from '@/lib/params';

export const dynamic = 'force-dynamic';

/** GET /api/v1/teams/{slug}?from=&to=&compare= — a team, its services, and its pooled DORA figures. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const parsed = parseSearchParams(request, reportParams);
  if (!parsed.ok) return parsed.response;
  const { db, loaded } = await getServerContext();
  const team = await getTeamView(db, loaded.config, slug, parsed.data, parsed.data.compare);
  return team ? json(team) : notFound(`no team "${slug}"`);
}
