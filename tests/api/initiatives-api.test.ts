import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../access/api-tokens';
import type { InitiativeDetail, InitiativeSummary } from '../../scorecards/initiatives/get-initiatives';
import { OIDC_CONFIG, passedThrough, throughProxy, useConfig } from '../helpers/access';
import { openDemoOrganisation } from '../helpers/demo-organisation';
import type { TestDatabase } from '../helpers/test-db';

/**
 * Initiatives through the API on the demo organisation (PAVED_NOW 2026-06-01) and the shipped
 * scorecards.yaml, whose two initiatives are:
 * - golden-pipeline-wave-1: golden-ci and golden-deploy for payments and platform, deadline 2026-09-30;
 * - dependency-hygiene: dependency-updates and vulnerability-alerts everywhere, deadline 2026-05-29 (passed).
 * The numbers are held to what the scorecard endpoints say of the same checks and services.
 */
const NOW = '2026-06-01T12:00:00Z';
const SCORECARDS = path.resolve(__dirname, '../../scorecards.yaml');
let t: TestDatabase;

const params = <T>(p: T) => ({ params: Promise.resolve(p) });
const list = async () =>
  (await import('../../app/api/v1/initiatives/route')).GET(new Request('http://paved.test/api/v1/initiatives'));
const detail = async (id: string, query = '') =>
  (await import('../../app/api/v1/initiatives/[id]/route')).GET(
    new Request(`http://paved.test/api/v1/initiatives/${id}${query}`),
    params({ id }),
  );
const scorecard = async () =>
  (
    await (
      await import('../../app/api/v1/scorecards/[id]/route')
    ).GET(new Request('http://paved.test/api/v1/scorecards/golden-path'), params({ id: 'golden-path' }))
  ).json() as Promise<{
    checks: {
      id: string;
      states: Record<string, number>;
      byTeam: { team: string; passing: number; applicable: number }[];
    }[];
  }>;

beforeAll(async () => {
  t = await openDemoOrganisation(NOW, `schedule:\n  enabled: false\nscorecards: ${SCORECARDS}\n`);
}, 180_000);
afterAll(() => t.drop());

describe('GET /api/v1/initiatives', () => {
  it('lists the initiatives with progress, status and the teams behind', async () => {
    const response = await list();
    expect(response.status).toBe(200);
    const { initiatives } = (await response.json()) as { initiatives: InitiativeSummary[] };
    expect(initiatives.map((i) => [i.id, i.done, i.total, i.status, i.ownerTeam])).toEqual([
      // payments 10 of 10; platform 6 of 10, 2 gained since 2026-05-04: 4 left take 56 days.
      ['golden-pipeline-wave-1', 16, 20, 'on_track', 'platform'],
      ['dependency-hygiene', 32, 46, 'late', null],
    ]);
    const hygiene = initiatives[1]!;
    expect(hygiene.teamsBehind.map((b) => [b.team, b.status, b.left])).toEqual([
      ['checkout', 'late', 2],
      ['legacy-billing', 'late', 6],
      ['platform', 'late', 1],
      ['search', 'late', 5],
    ]);
    expect(initiatives[0]!.teamsBehind).toEqual([]);
  });
});

describe('GET /api/v1/initiatives/{id}', () => {
  it("counts what the scorecard's results say: pass or exempt is done, not applicable is no pair", async () => {
    const body = (await (await detail('dependency-hygiene')).json()) as InitiativeDetail;
    const card = await scorecard();
    for (const c of body.perCheck) {
      const states = card.checks.find((k) => k.id === c.checkId)!.states;
      expect(c.done, c.checkId).toBe(states.pass! + states.exempt!);
      expect(c.total, c.checkId).toBe(
        states.pass! + states.exempt! + states.fail! + states.no_data! + states.upcoming!,
      );
    }
    // Per team the scorecard gives adoption (no exemption or upcoming check among these two).
    for (const team of body.perTeam) {
      const byTeam = (id: string) => card.checks.find((k) => k.id === id)!.byTeam.find((b) => b.team === team.team)!;
      expect(team.done, team.team).toBe(body.checks.reduce((n, c) => n + byTeam(c.id).passing, 0));
      expect(team.total, team.team).toBe(body.checks.reduce((n, c) => n + byTeam(c.id).applicable, 0));
    }
    expect(body.perTeam.map((p) => [p.team, p.done, p.total, p.status])).toEqual([
      ['checkout', 8, 10, 'late'],
      ['legacy-billing', 2, 8, 'late'],
      ['payments', 10, 10, 'done'],
      ['platform', 9, 10, 'late'],
      ['search', 3, 8, 'late'],
    ]);
  });

  it('says what is left per service with how to fix it, and who is late', async () => {
    const body = (await (await detail('dependency-hygiene')).json()) as InitiativeDetail;
    const services = await import('../../app/api/v1/scorecards/[id]/services/[slug]/route');
    for (const s of body.perService) {
      const results = (
        (await (await services.GET(new Request('http://x'), params({ id: 'golden-path', slug: s.slug }))).json()) as {
          results: { checkId: string; state: string }[];
        }
      ).results.filter((r) => body.checks.some((c) => c.id === r.checkId));
      const open = results.filter((r) => r.state === 'fail' || r.state === 'no_data').map((r) => r.checkId);
      expect(
        s.left.map((l) => l.checkId),
        s.slug,
      ).toEqual(open);
      expect(s.late).toBe(open.length > 0);
    }
    const left = body.perService.find((s) => s.left.length > 0)!.left[0]!;
    expect(left.remediation.length).toBeGreaterThan(0);
  });

  it('draws the history since the start, weekly as the demo is snapshotted, up to today', async () => {
    const body = (await (await detail('golden-pipeline-wave-1')).json()) as InitiativeDetail;
    expect(body.from).toBe('2026-03-02');
    expect(body.history[0]!.day >= '2026-03-02').toBe(true);
    expect(body.history.at(-1)).toEqual({ day: '2026-06-01', done: 16, total: 20, rate: 0.8 });
    expect(body.history.find((p) => p.day === '2026-05-04')).toMatchObject({ done: 13, total: 20 });
    expect(body.perTeam.map((p) => [p.team, p.status, p.projectedDone])).toEqual([
      ['payments', 'done', null],
      ['platform', 'on_track', '2026-07-27'],
    ]);
    expect([body.projectedDone, body.pacePerDay]).toEqual(['2026-07-09', 3 / 28]);
    const weeks = (await (await detail('golden-pipeline-wave-1', '?weeks=2')).json()) as InitiativeDetail;
    expect(weeks.history.map((p) => p.day)).toEqual(['2026-05-18', '2026-05-25', '2026-06-01']);
    // The pace still reads four weeks, whatever the chart shows.
    expect(weeks.projectedDone).toBe('2026-07-09');
  });

  it('answers 400 for a bad parameter and 404 for an unknown id', async () => {
    const bad = await detail('golden-pipeline-wave-1', '?weeks=0');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/^weeks: /) });
    const missing = await detail('nope');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toBe('no initiative "nope"');
  });

  it('is refused without credentials and read with a viewer token', async () => {
    useConfig(`${OIDC_CONFIG}scorecards: ${SCORECARDS}\n`);
    try {
      const refused = await throughProxy('/api/v1/initiatives/dependency-hygiene', { peer: '10.3.3.3' });
      expect(refused.status).toBe(401);
      const { token } = await createApiToken(t.db, { name: 'reader', role: 'viewer', createdBy: 'test' });
      const headers = { authorization: `Bearer ${token}` };
      expect(passedThrough(await throughProxy('/api/v1/initiatives', { headers }))).toBe(true);
    } finally {
      useConfig(`schedule:\n  enabled: false\nscorecards: ${SCORECARDS}\n`);
    }
  });
});
