import { z } from 'zod';
import { getServerContext } from '@/app/_server/context';
import { cursorOrError, listResponse } from '@/app/_server/respond';
import { scopeOrNotFound } from '@/app/_server/scope';
import { parseSearchParams } from '@/lib/http';
import { paging, scopeAndWindow } from '@/lib/params';
import { listIncidents } from '@/metrics/list-incidents';

export const dynamic = 'force-dynamic';

const params = z.intersection(scopeAndWindow, paging);

/** GET /api/v1/incidents — incidents of the scope, the deployment each was attributed to and why, time to restore. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, params);
  if (!parsed.ok) return parsed.response;
  const cursor = cursorOrError(parsed.data.cursor);
  if (!cursor.ok) return cursor.response;
  const { db, loaded } = await getServerContext();
  const scope = await scopeOrNotFound(db, parsed.data);
  if (!scope.ok) return scope.response;
  const page = await listIncidents(db, loaded.config, scope.scope, parsed.data, { limit: parsed.data.limit, after: cursor.after });
  return listResponse(page, parsed.data.format, 'incidents');
}
