import { parseListRequest } from '@/app/_server/list-request';
import { listOrExport } from '@/app/_server/respond';
import { deploymentParams } from '@/lib/params';
import { listDeployments } from '@/metrics/list-deployments';

export const dynamic = 'force-dynamic';

/** GET /api/v1/deployments — the production deployments behind the figures, with failure evidence. */
export async function GET(request: Request) {
  const list = await parseListRequest(request, deploymentParams);
  if (!list.ok) return list.response;
  const filter = { failed: list.data.failed, rework: list.data.rework };
  return listOrExport(list, 'deployments', (page) =>
    listDeployments(list.db, list.loaded.config, list.scope, list.data, filter, page),
  );
}
