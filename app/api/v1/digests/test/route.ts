import { recordAudit } from '@/access/audit-log';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { readJsonBody } from '@/app/_server/json-body';
import { getProcessDatabase } from '@/db/database';
import { getProcessQueue } from '@/db/queue';
import { now } from '@/lib/clock';
import { apiError, badRequest, json, notFound } from '@/lib/http';
import { channelsFor } from '@/notifications/channels';
import { queueTestMessage } from '@/notifications/notify';
import { testMessageRequest } from '@/notifications/requests';
import { scorecardsForRequest } from '@/scorecards/request-scorecards';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/digests/test {team} — queue this period's digest, marked as a test, for the team's
 * channels (the organisation's without a team). A worker sends it; nothing outbound happens here.
 * Admin; audited.
 */
export async function POST(request: Request) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const body = await readJsonBody(request, testMessageRequest, '{"team": "payments"}');
  if (!body.ok) return body.response;
  const team = body.data.team ?? null;
  const { db, loaded } = await getServerContext();
  if (channelsFor(loaded.config.notifications, team, 'test').length === 0) {
    const key = team ? `notifications.teams.${team}` : 'notifications.organisation';
    return badRequest(`no channel is configured for ${team ? `team "${team}"` : 'the organisation'} (${key})`);
  }
  const sc = scorecardsForRequest(loaded);
  if (!sc.ok) return apiError(500, 'invalid_scorecards', sc.message);
  const boss = await getProcessQueue((await getProcessDatabase()).url);
  const queued = await queueTestMessage(db, boss, loaded, sc.scorecards, team, now());
  if (!queued) return notFound(`no team "${team}"`);
  await recordAudit(db, {
    actor: access.principal.actor,
    action: 'notification.test',
    detail: { team, notificationId: queued.id, channels: queued.channels },
  });
  return json({ notificationId: queued.id, channels: queued.channels }, { status: 202 });
}
