import { z } from 'zod';
import { getServerContext } from '@/app/_server/context';
import { cursorOrError, listResponse } from '@/app/_server/respond';
import { scopeOrNotFound } from '@/app/_server/scope';
import { parseSearchParams } from '@/lib/http';
import { paging, scopeAndWindow } from '@/lib/params';
import { listChanges } from '@/metrics/list-changes';

export const dynamic = 'force-dynamic';

const params = z.intersection(z.intersection(scopeAndWindow, paging), z.object({ deployment: z.string().regex(/^[dr][0-9-]+$/, 'expected a deployment id such as d123').optional() }));

/** GET /api/v1/changes — pull requests and direct pushes deployed in the window, with lead time and stages. */
export async function GET(request: Request) {
  const parsed = parseSearchParams(request, params);
  if (!parsed.ok) return parsed.response;
  const cursor = cursorOrError(parsed.data.cursor);
  if (!cursor.ok) return cursor.response;
  const { db } = await getServerContext();
  const scope = await scopeOrNotFound(db, parsed.data);
  if (!scope.ok) return scope.response;
  const page = await listChanges(db, scope.scope, parsed.data, { deployment: parsed.data.deployment }, { limit: parsed.data.limit, after: cursor.after });
  return listResponse(page, parsed.data.format, 'changes');
}
