import { z } from 'zod';
import { parseListRequest } from '@/app/_server/list-request';
import { listResponse } from '@/app/_server/respond';
import { paging, scopeAndWindow } from '@/lib/params';
import { listChanges } from '@/metrics/list-changes';

export const dynamic = 'force-dynamic';

const params = z.intersection(
  z.intersection(scopeAndWindow, paging),
  z.object({
    deployment: z
      .string()
      .regex(/^[dr][0-9-]+$/, 'expected a deployment id such as d123')
      .optional(),
  }),
);

/** GET /api/v1/changes — pull requests and direct pushes deployed in the window, with lead time and stages. */
export async function GET(request: Request) {
  const list = await parseListRequest(request, params);
  if (!list.ok) return list.response;
  const page = await listChanges(
    list.db,
    list.scope,
    list.data,
    { deployment: list.data.deployment },
    { limit: list.data.limit, after: list.after },
  );
  return listResponse(page, list.data.format, 'changes');
}
