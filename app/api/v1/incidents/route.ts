import { parseListRequest } from '@/app/_server/list-request';
import { listOrExport } from '@/app/_server/respond';
import { incidentParams } from '@/lib/params';
import { listIncidents } from '@/metrics/list-incidents';

export const dynamic = 'force-dynamic';

/** GET /api/v1/incidents — incidents of the scope, the deployment each was attributed to and why, time to restore. */
export async function GET(request: Request) {
  const list = await parseListRequest(request, incidentParams);
  if (!list.ok) return list.response;
  return listOrExport(list, 'incidents', (page) =>
    listIncidents(list.db, list.loaded.config, list.scope, list.data, page),
  );
}
