import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoOrganisation } from '../../collectors/demo/load-demo';
import { closeProcessDatabase } from '../../db/database';
import { loadConfig } from '../../lib/config';
import { deriveAll } from '../../scorecards/derive-all';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';

/**
 * Targets through the API, against the demo organisation in a real database: GET /api/v1/targets
 * judges each target on the very figure GET /api/v1/dora answers for its scope and window, a
 * target naming a team or service Paved does not know is a config problem naming file and key,
 * and the demo organisation's own targets are in force while no target is configured.
 */
const NOW = '2026-06-01T12:00:00Z';
let t: TestDatabase;
let dir: string;
let configured: string;
let unconfigured: string;

const get = async (url: string) => {
  const u = new URL(url, 'http://paved.test');
  const module =
    u.pathname === '/api/v1/targets'
      ? await import('../../app/api/v1/targets/route')
      : await import('../../app/api/v1/dora/route');
  const response = await module.GET(new Request(u));
  return { status: response.status, body: await response.json() };
};

const TARGETS = [
  'targets:',
  "  - { metric: changeFailureRate.rate, op: '<=', value: 0.10, due: 2026-05-15 }",
  "  - { team: payments, metric: deploymentFrequency.perWeek, op: '>=', value: 20 }",
  "  - { team: legacy-billing, metric: leadTimeForChanges.level, op: '>=', value: high }",
  "  - { team: paymnts, metric: reworkRate.rate, op: '<', value: 0.1 }",
  "  - { service: ledger, metric: failedDeploymentRecoveryTime.medianSeconds, op: '<=', value: 86400 }",
  "  - { service: no-such-service, metric: reworkRate.rate, op: '<', value: 0.1 }",
].join('\n');

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(os.tmpdir(), 'paved-targets-'));
  configured = path.join(dir, 'paved.yaml');
  unconfigured = path.join(dir, 'no-targets.yaml');
  writeFileSync(configured, `schedule:\n  enabled: false\n${TARGETS}\n`);
  writeFileSync(unconfigured, 'schedule:\n  enabled: false\n');
  process.env.PAVED_CONFIG = configured;
  process.env.DATABASE_URL = t.url;
  process.env.PAVED_NOW = NOW;
  await loadDemoOrganisation(t.db, { at: new Date(NOW) });
  await deriveAll(t.db, loadConfig());
}, 120_000);
afterAll(async () => {
  await closeProcessDatabase();
  await t.drop();
});

const WINDOW = 'from=2026-03-03&to=2026-05-31';

type Target = {
  id: string;
  scope: { type: string; slug: string | null };
  metric: string;
  op: string;
  value: number | string;
  status: string;
  actual: number | string | null;
  sample: number;
  reason: string;
  overdue: boolean;
};

const LEVELS = ['low', 'medium', 'high', 'elite'];
const holds = (a: number, op: string, b: number) =>
  op === '<=' ? a <= b : op === '<' ? a < b : op === '>=' ? a >= b : op === '>' ? a > b : a === b;

describe('GET /api/v1/targets', () => {
  it('judges every known target on the figure /api/v1/dora answers for its scope and window', async () => {
    const { status, body } = await get(`/api/v1/targets?${WINDOW}`);
    expect(status).toBe(200);
    expect(body.window).toEqual({ from: '2026-03-03T00:00:00.000Z', to: '2026-06-01T00:00:00.000Z' });
    const targets = body.targets as Target[];
    expect(targets.map((x) => x.id)).toEqual([
      'organisation:changeFailureRate.rate',
      'team:payments:deploymentFrequency.perWeek',
      'team:legacy-billing:leadTimeForChanges.level',
      'service:ledger:failedDeploymentRecoveryTime.medianSeconds',
    ]);
    for (const target of targets) {
      const scope = target.scope.slug ? `&${target.scope.type}=${target.scope.slug}` : '';
      const dora = (await get(`/api/v1/dora?${WINDOW}${scope}`)).body;
      const [group, field] = target.metric.split('.') as [string, string];
      const figure = dora[group][field] as number | string | null;
      // The same judgement in /api/v1/dora's own targets of that scope.
      expect(dora.targets.find((x: Target) => x.id === target.id)).toEqual(target);
      if (target.status === 'not_enough_data') {
        expect(target.actual).toBeNull();
        continue;
      }
      expect(target.actual).toBe(figure);
      const met =
        typeof target.value === 'string'
          ? holds(LEVELS.indexOf(String(figure)), target.op, LEVELS.indexOf(target.value))
          : holds(Number(figure), target.op, target.value);
      expect(target.status, target.id).toBe(met ? 'on_track' : 'off_track');
    }
    // Worked from the demo's figures: 8.17% ≤ 10% (due 2026-05-15, met, so not overdue); payments
    // deploy 76.9 a week; legacy-billing's lead time level is below high.
    expect(targets.map((x) => [x.status, x.overdue])).toEqual([
      ['on_track', false],
      ['on_track', false],
      ['off_track', false],
      expect.any(Array),
    ]);
    expect(targets[0]!.reason).toBe(
      'change failure rate is 8.17% from 2026-03-03 to 2026-05-31 (changeFailureRate.rate)',
    );
  });

  it('a target naming a team or service Paved does not know is a config problem naming file, key and expectation', async () => {
    const { body } = await get(`/api/v1/targets?${WINDOW}`);
    expect(body.problems).toEqual([
      {
        target: 'team:paymnts:reworkRate.rate',
        file: configured,
        key: 'targets[3].team',
        message: 'expected a team Paved knows (checkout, legacy-billing, payments, platform, search), found "paymnts"',
      },
      {
        target: 'service:no-such-service:reworkRate.rate',
        file: configured,
        key: 'targets[5].service',
        message: 'expected a service Paved knows (see /services), found "no-such-service"',
      },
    ]);
  });

  it('filters by team or service, and /api/v1/dora carries only its own scope’s targets', async () => {
    const team = (await get(`/api/v1/targets?${WINDOW}&team=payments`)).body;
    expect(team.targets.map((x: Target) => x.id)).toEqual(['team:payments:deploymentFrequency.perWeek']);
    expect(team.problems).toEqual([]);
    const dora = (await get(`/api/v1/dora?${WINDOW}&team=payments`)).body;
    expect(dora.targets.map((x: Target) => x.id)).toEqual(['team:payments:deploymentFrequency.perWeek']);
    const checkout = (await get(`/api/v1/dora?${WINDOW}&team=checkout`)).body;
    expect(checkout.targets).toEqual([]);
  });

  it('answers an unknown team or service as /api/v1/dora does: 404 naming it, not an empty list', async () => {
    for (const [query, message] of [
      ['team=nobody', 'no team "nobody"'],
      ['service=nothing', 'no service "nothing"'],
    ]) {
      const [targets, dora] = [await get(`/api/v1/targets?${query}`), await get(`/api/v1/dora?${query}`)];
      expect(targets).toEqual({ status: 404, body: { error: expect.objectContaining({ message }) } });
      expect(dora.status).toBe(404);
    }
  });

  it('refuses a bad window with a 400', async () => {
    const { status, body } = await get('/api/v1/targets?from=2026-02-30');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/from/);
  });

  it('shows the demo organisation’s targets while none is configured, every state among them', async () => {
    process.env.PAVED_CONFIG = unconfigured;
    try {
      const { body } = await get(`/api/v1/targets?${WINDOW}`);
      expect(body.problems).toEqual([]);
      const states = new Set((body.targets as Target[]).map((x) => x.status));
      expect([...states].sort()).toEqual(['not_enough_data', 'off_track', 'on_track']);
    } finally {
      process.env.PAVED_CONFIG = configured;
    }
  });
});
