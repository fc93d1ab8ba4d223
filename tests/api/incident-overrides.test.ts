import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../access/api-tokens';
import { listAudit } from '../../access/audit-log';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeWebProcess } from '../helpers/web-process';
import { loadConfig } from '../../lib/config';
import { deriveDelivery } from '../../metrics/derive/run-derivation';
import { deriveAll } from '../../scorecards/derive-all';
import { useConfig } from '../helpers/access';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * Overrides of incident attribution through PUT/DELETE /api/v1/incidents/{source}/{id}/override,
 * against the demo organisation: they change the figures, survive a full re-derivation, show in
 * the API and the audit log, and only admins may make them.
 */
const NOW = '2026-06-01T12:00:00Z';
const SERVICE = 'billing-monolith';
let t: TestDatabase;
let admin: string;
let viewer: string;

const overrideRoute = () => import('../../app/api/v1/incidents/[source]/[id]/override/route');
const call = (method: string, token: string, id: string, body?: unknown) =>
  overrideRoute().then((m) =>
    (method === 'PUT' ? m.PUT : m.DELETE)(
      new Request(`http://paved.test/api/v1/incidents/pagerduty/${id}/override`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
      { params: Promise.resolve({ source: 'pagerduty', id }) },
    ),
  );
const get = async (path: string) => {
  const u = new URL(path, 'http://paved.test');
  const mod =
    u.pathname === '/api/v1/dora'
      ? await import('../../app/api/v1/dora/route')
      : u.pathname === '/api/v1/incidents'
        ? await import('../../app/api/v1/incidents/route')
        : await import('../../app/api/v1/deployments/route');
  return (await mod.GET(new Request(u))).json();
};

type Incident = {
  id: string;
  attributedDeployment: { id: string; reason: string } | null;
  override: { action: string; deploymentId: string | null; reason: string; by: string } | null;
};
const window = 'from=2025-12-01&to=2026-05-31';
const incidents = async (): Promise<Incident[]> =>
  (await get(`/api/v1/incidents?service=${SERVICE}&${window}&limit=500`)).items;
const figures = async () => (await get(`/api/v1/dora?service=${SERVICE}&${window}`)).changeFailureRate;
const derive = (full = false) => deriveDelivery(t.db, loadConfig().config, { full });

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  useConfig('schedule:\n  enabled: false\n');
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
  admin = (await createApiToken(t.db, { name: 'lead', role: 'admin', createdBy: 'test' })).token;
  viewer = (await createApiToken(t.db, { name: 'reader', role: 'viewer', createdBy: 'test' })).token;
}, 120_000);
afterAll(async () => {
  await closeWebProcess();
  await t.drop();
  delete process.env.PAVED_NOW;
});

describe('incident overrides', () => {
  it('"not caused by a change" takes a failure away, survives a full re-derivation, and is undone by DELETE', async () => {
    const before = await figures();
    // A deployment failed by one incident alone: taking the incident away leaves it not failed.
    const failedByOne = (
      await get(`/api/v1/deployments?service=${SERVICE}&${window}&failed=true&limit=500`)
    ).items.find(
      (d: { incidents: string[]; failureReasons: string[] }) =>
        d.incidents.length === 1 && d.failureReasons.join() === 'incident',
    );
    const deployment = failedByOne.id as string;
    const attributed = (await incidents()).find((i) => i.attributedDeployment?.id === deployment)!;

    expect((await call('PUT', viewer, attributed.id, { action: 'not_caused_by_change', reason: 'x' })).status).toBe(
      403,
    );
    const put = await call('PUT', admin, attributed.id, {
      action: 'not_caused_by_change',
      reason: 'Disk usage alert, no change behind it',
    });
    expect(put.status).toBe(200);
    expect((await put.json()).override).toMatchObject({ action: 'not_caused_by_change', by: 'token:lead' });
    const audit = (await listAudit(t.db, { limit: 5 })).find((e) => e.action === 'incident.override')!;
    expect(audit).toMatchObject({ actor: 'token:lead', detail: { incident: `pagerduty:${attributed.id}` } });

    await derive();
    const listed = (await incidents()).find((i) => i.id === attributed.id)!;
    expect(listed.attributedDeployment).toBeNull();
    expect(listed.override).toMatchObject({ reason: 'Disk usage alert, no change behind it', by: 'token:lead' });
    const after = await figures();
    const row = (await get(`/api/v1/deployments?service=${SERVICE}&${window}&limit=500`)).items.find(
      (d: { id: string }) => d.id === deployment,
    );
    expect(row).toMatchObject({ failed: false, incidents: [], failureReasons: [] });
    // The deployment says which correction took its incident away.
    expect(row.corrections).toEqual([
      {
        incident: `pagerduty:${attributed.id}`,
        effect: 'removed',
        action: 'not_caused_by_change',
        reason: 'Disk usage alert, no change behind it',
        by: 'token:lead',
        at: expect.any(String),
      },
    ]);
    expect(after.failedDeployments).toBe(before.failedDeployments - 1);
    expect(after.rate).toBeCloseTo((before.failedDeployments - 1) / before.deployments, 12);

    await derive(true);
    expect(await figures()).toEqual(after);
    // The report says an override applied in its window.
    expect((await get(`/api/v1/dora?service=${SERVICE}&${window}`)).incidentOverrides).toBe(1);

    expect((await call('DELETE', admin, attributed.id)).status).toBe(204);
    expect((await call('DELETE', admin, attributed.id)).status).toBe(404);
    await derive();
    expect(await figures()).toEqual(before);
    expect((await incidents()).find((i) => i.id === attributed.id)!.override).toBeNull();
  });

  it('attaches an incident to another deployment of its service, which then fails by it', async () => {
    const list = await incidents();
    const incident = list.find((i) => i.attributedDeployment)!;
    const deployments = (await get(`/api/v1/deployments?service=${SERVICE}&${window}&limit=500`)).items as {
      id: string;
      failed: boolean;
      incidents: string[];
      failureReasons: string[];
    }[];
    const target = deployments.find((d) => !d.failed)!;
    const put = await call('PUT', admin, incident.id, {
      action: 'attach',
      deploymentId: target.id,
      reason: 'the real cause',
    });
    expect(put.status).toBe(200);
    await derive();
    const moved = (await get(`/api/v1/deployments?service=${SERVICE}&${window}&limit=500`)).items.find(
      (d: { id: string }) => d.id === target.id,
    );
    expect(moved).toMatchObject({
      failed: true,
      failureReasons: ['incident'],
      incidents: [`pagerduty:${incident.id}`],
      corrections: [
        { incident: `pagerduty:${incident.id}`, effect: 'attached', action: 'attach', reason: 'the real cause' },
      ],
    });
    // The deployment the rule gave it to says the incident was moved away.
    const from = (await get(`/api/v1/deployments?service=${SERVICE}&${window}&limit=500`)).items.find(
      (d: { id: string }) => d.id === incident.attributedDeployment!.id,
    );
    expect(from.corrections).toEqual([
      expect.objectContaining({ incident: `pagerduty:${incident.id}`, effect: 'removed', action: 'attach' }),
    ]);
    // Every other deployment is untouched.
    const untouched = (await get(`/api/v1/deployments?service=${SERVICE}&${window}&limit=500`)).items.filter(
      (d: { id: string }) => d.id !== target.id && d.id !== incident.attributedDeployment!.id,
    );
    expect(untouched.every((d: { corrections: unknown[] }) => d.corrections.length === 0)).toBe(true);
    const listed = (await incidents()).find((i) => i.id === incident.id)!;
    expect(listed.attributedDeployment).toMatchObject({
      id: target.id,
      reason: 'attached to this deployment by token:lead: the real cause',
    });
    await derive(true);
    expect((await incidents()).find((i) => i.id === incident.id)!.attributedDeployment!.id).toBe(target.id);
    await call('DELETE', admin, incident.id);
    await derive();
  });

  it('refuses bad requests with a message', async () => {
    const some = (await incidents())[0]!.id;
    const other = (await get(`/api/v1/deployments?service=payments-api&${window}&limit=1`)).items[0].id;
    for (const [id, body, status, message] of [
      [some, 'not json', 400, 'body: expected JSON'],
      [some, { action: 'blame' }, 400, 'action'],
      [some, { action: 'not_caused_by_change', reason: '' }, 400, 'reason'],
      [some, { action: 'attach', reason: 'r' }, 400, 'deploymentId'],
      [
        some,
        { action: 'attach', deploymentId: other, reason: 'r' },
        400,
        "not a production deployment of this incident's services",
      ],
      ['NOPE', { action: 'not_caused_by_change', reason: 'r' }, 404, 'no incident pagerduty:NOPE'],
    ] as const) {
      const response = await call('PUT', admin, id, body);
      expect(response.status).toBe(status);
      expect((await response.json()).error.message).toContain(message);
    }
  });
});
