import { z } from 'zod';
import { getServerContext } from '@/app/_server/context';
import { cursorOrError, listResponse } from '@/app/_server/respond';
import { scopeOrNotFound } from '@/app/_server/scope';
import { parseSearchParams } from '@/lib/http';
import { booleanParam, paging, scopeAndWindow } from '@/lib/params';
import { listDeployments } from '@/metrics/list-deployments';

export const dynamic = 'force-dynamic';

const params = z.intersection(z.intersection(scopeAndWindow, paging), z.object({ failed: booleanParam.optional() }));

/** GET /api/v1/deployments — the production deployments behind the figures, with failure evidence. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, params);
  if (!parsed.ok) return parsed.response;
  const cursor = cursorOrError(parsed.data.cursor);
  if (!cursor.ok) return cursor.response;
  const { db } = await getServerContext();
  const scope = await scopeOrNotFound(db, parsed.data);
  if (!scope.ok) return scope.response;
  const page = await listDeployments(db, scope.scope, parsed.data, { failed: parsed.data.failed }, { limit: parsed.data.limit, after: cursor.after });
  return listResponse(page, parsed.data.format, 'deployments');
}
