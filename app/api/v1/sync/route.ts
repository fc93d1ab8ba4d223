import { recordAudit } from '@/access/audit-log';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { getProcessDatabase } from '@/db/database';
import { getProcessQueue } from '@/db/queue';
// eslint-disable-next-line no-restricted-imports -- the admin "sync now" endpoint is the one route that asks for collection.
import { requestSyncRun } from '@/db/writes/sync-runs';
import { json } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/sync — queue a sync of every configured source (a worker runs it) and answer
 * 202 with the run's id at once. While a run is queued or collecting, the request joins it.
 * Needs an admin: an admin API token (`Authorization: Bearer …`) or an admin's session.
 */
export async function POST(request: Request) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const { db } = await getServerContext();
  const boss = await getProcessQueue((await getProcessDatabase()).url);
  const run = await requestSyncRun(db, boss, { trigger: 'api' });
  await recordAudit(db, {
    actor: access.principal.actor,
    action: 'sync.request',
    detail: { runId: run.runId, joined: !run.created },
  });
  return json(
    { runId: run.runId, status: run.status, joined: !run.created, progress: `/api/v1/sync/runs/${run.runId}` },
    { status: 202, headers: { location: `/api/v1/sync/runs/${run.runId}` } },
  );
}
