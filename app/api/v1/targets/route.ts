import { getServerContext } from '@/app/_server/context';
import { scopeOrNotFound } from '@/app/_server/scope';
import { json, parseSearchParams } from '@/lib/http';
import { scopeAndWindow } from '@/lib/params';
import { listTargets } from '@/metrics/list-targets';

export const dynamic = 'force-dynamic';

/** GET /api/v1/targets?from=&to=&team=|service= — every target in force, judged over the window. */
export async function GET(request: Request) {
  const params = parseSearchParams(request, scopeAndWindow);
  if (!params.ok) return params.response;
  const { db, loaded } = await getServerContext();
  const { from, to, team, service } = params.data;
  // An unknown team or service answers as GET /api/v1/dora does, not with an empty list.
  if (team || service) {
    const scope = await scopeOrNotFound(db, { team, service });
    if (!scope.ok) return scope.response;
  }
  const listed = await listTargets(db, loaded, { from, to }, { team, service });
  return json({ window: { from: from.toISOString(), to: to.toISOString() }, ...listed });
}
