import { z } from 'zod';
import { parseListRequest } from '@/app/_server/list-request';
import { listOrExport } from '@/app/_server/respond';
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
  const filter = { deployment: list.data.deployment };
  return listOrExport(list, 'changes', (page) => listChanges(list.db, list.scope, list.data, filter, page));
}
