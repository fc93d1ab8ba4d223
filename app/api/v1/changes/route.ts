import { parseListRequest } from '@/app/_server/list-request';
import { listOrExport } from '@/app/_server/respond';
import { changeParams } from '@/lib/params';
import { listChanges } from '@/metrics/list-changes';

export const dynamic = 'force-dynamic';

/** GET /api/v1/changes — pull requests and direct pushes deployed in the window, with lead time and stages. */
export async function GET(request: Request) {
  const list = await parseListRequest(request, changeParams);
  if (!list.ok) return list.response;
  const filter = { deployment: list.data.deployment };
  return listOrExport(list, 'changes', (page) => listChanges(list.db, list.scope, list.data, filter, page));
}
