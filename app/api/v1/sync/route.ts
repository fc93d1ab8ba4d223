import { getServerContext } from '@/app/_server/context';
// eslint-disable-next-line no-restricted-imports -- the admin "sync now" endpoint is the one route that starts collection.
import { runSync } from '@/collectors/runner';
import { apiError, isAdmin, json, unauthorized } from '@/lib/http';
import { deriveAll } from '@/scorecards/derive-all';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/sync — collect from every configured source now, then re-derive. Needs the
 * admin token (`server.adminToken`, as `Authorization: Bearer …`); 409 while another sync runs.
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
  const result = await runSync({ db, loaded, trigger: 'api', derive: deriveAll });
  if (result.status === 'skipped')
    return apiError(409, 'sync_running', 'another sync is running; try again when it has finished');
  return json({ runId: result.runId, status: result.status, errors: result.errors });
}
