import { recordAudit } from '@/access/audit-log';
import { authorize } from '@/app/_server/authorize';
import { getServerContext } from '@/app/_server/context';
import { readJsonBody } from '@/app/_server/json-body';
import { getProcessDatabase } from '@/db/database';
import { getProcessQueue, QUEUES } from '@/db/queue';
import { apiError, json, notFound } from '@/lib/http';
import { incidentOverrideRequest, removeIncidentOverride, setIncidentOverride } from '@/metrics/incident-overrides';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ source: string; id: string }> };

// The derivation reads overrides like any other input: ask a worker to run it.
async function requestDerivation() {
  const boss = await getProcessQueue((await getProcessDatabase()).url);
  await boss.send(QUEUES.derive, { kind: 'derive' });
}

/**
 * PUT /api/v1/incidents/{source}/{id}/override {action, deploymentId?, reason} — mark the incident
 * "not caused by a change", or attach it to a deployment of its services. Admin; audited.
 */
export async function PUT(request: Request, context: Context) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const body = await readJsonBody(
    request,
    incidentOverrideRequest,
    '{"action": "not_caused_by_change", "reason": "…"}',
  );
  if (!body.ok) return body.response;
  const incident = await context.params;
  const { db } = await getServerContext();
  const result = await setIncidentOverride(db, incident, body.data, access.principal.actor);
  if (!result.ok) return apiError(result.status, result.status === 404 ? 'not_found' : 'bad_request', result.message);
  await recordAudit(db, {
    actor: access.principal.actor,
    action: 'incident.override',
    detail: { incident: `${incident.source}:${incident.id}`, ...result.override },
  });
  await requestDerivation();
  return json({ incident: `${incident.source}:${incident.id}`, override: result.override });
}

/** DELETE /api/v1/incidents/{source}/{id}/override — the attribution rule applies again. Admin; audited. */
export async function DELETE(request: Request, context: Context) {
  const access = await authorize(request, 'admin');
  if (!access.ok) return access.response;
  const incident = await context.params;
  const { db } = await getServerContext();
  if (!(await removeIncidentOverride(db, incident)))
    return notFound(`incident ${incident.source}:${incident.id} has no override`);
  await recordAudit(db, {
    actor: access.principal.actor,
    action: 'incident.override.remove',
    detail: { incident: `${incident.source}:${incident.id}` },
  });
  await requestDerivation();
  return new Response(null, { status: 204 });
}
