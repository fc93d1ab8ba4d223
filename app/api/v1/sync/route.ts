import { getServerContext } from '@/app/_server/context';
import { getProcessDatabase } from '@/db/database';
import { getProcessQueue } from '@/db/queue';
// eslint-disable-next-line no-restricted-imports -- the admin "sync now" endpoint is the one route that asks for collection.
import { requestSyncRun } from '@/db/writes/sync-runs';
import { apiError, isAdmin, json, unauthorized } from '@/lib/http';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/sync — queue a sync of every configured source (a worker runs it) and answer
 * 202 with the run's id at once. While a run is queued or collecting, the request joins it.
 * Needs the admin token (`server.adminToken`, as `Authorization: Bearer …`).
 */
export async function POST(request: Request) {
  const { db, loaded } = await getServerContext();
  if (!loaded.config.server.adminToken)
    return apiError(
      403,
      'sync_disabled',
      'no admin token is configured (server.adminToken), so syncs cannot be started over HTTP',
    );
  if (!isAdmin(request, loaded.config.server.adminToken)) return unauthorized();
  const boss = await getProcessQueue((await getProcessDatabase()).url);
  const run = await requestSyncRun(db, boss, { trigger: 'api' });
  return json(
    { runId: run.runId, status: run.status, joined: !run.created, progress: `/api/v1/sync/runs/${run.runId}` },
    { status: 202, headers: { location: `/api/v1/sync/runs/${run.runId}` } },
  );
}
