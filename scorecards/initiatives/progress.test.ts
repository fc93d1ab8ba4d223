import { describe, expect, it } from 'vitest';
import { initiativeProgress, project, teamsBehind, type InitiativeCell, type InitiativeService } from './progress';

/**
 * An initiative worked by hand: checks `ci` and `owners`, scope teams payments and checkout,
 * deadline 2026-06-30, today 2026-06-01.
 *
 * | service | team     | ci                   | owners                    | pairs done |
 * | a       | payments | pass                 | pass                      | 2 of 2     |
 * | b       | payments | fail                 | fail, exempt → done       | 1 of 2     |
 * | c       | checkout | pass (upcoming)      | not applicable            | 1 of 1     |
 * | d       | checkout | fail                 | no data                   | 0 of 2     |
 * | e       | search   | (out of scope)       |                           |            |
 *
 * Overall 4 of 7; payments 3 of 4; checkout 1 of 3. Four weeks earlier (2026-05-04) only a's ci
 * passed: payments 1, checkout 0, overall 1.
 * - payments: 2 gained in 28 days, 1 left → 1 × 28 ÷ 2 = 14 days → 2026-06-15: on track;
 * - checkout: 1 gained, 2 left → 56 days → 2026-07-27, after the deadline: projected late;
 * - overall: 3 gained, 3 left → 28 days → 2026-06-29: on track.
 */
const svc = (id: number, slug: string, team: string, tier = 'tier-1'): InitiativeService => ({
  id,
  slug,
  name: slug.toUpperCase(),
  team,
  tier,
});
const services = [
  svc(1, 'a', 'payments'),
  svc(2, 'b', 'payments'),
  svc(3, 'c', 'checkout', 'tier-2'),
  svc(4, 'd', 'checkout'),
  svc(5, 'e', 'search'),
];
const cell = (
  serviceId: number,
  checkId: string,
  state: InitiativeCell['state'],
  outcome: InitiativeCell['outcome'],
) => ({
  serviceId,
  checkId,
  state,
  outcome,
});
const current: InitiativeCell[] = [
  cell(1, 'ci', 'pass', 'pass'),
  cell(1, 'owners', 'pass', 'pass'),
  cell(2, 'ci', 'fail', 'fail'),
  cell(2, 'owners', 'exempt', 'fail'),
  cell(3, 'ci', 'upcoming', 'pass'),
  cell(3, 'owners', 'not_applicable', null),
  cell(4, 'ci', 'fail', 'fail'),
  cell(4, 'owners', 'no_data', 'no_data'),
  cell(5, 'ci', 'fail', 'fail'),
  cell(5, 'owners', 'fail', 'fail'),
];
const before: InitiativeCell[] = current.map((c) =>
  c.serviceId === 1 && c.checkId === 'ci' ? c : c.outcome === null ? c : { ...c, state: 'fail', outcome: 'fail' },
);
const checks = [
  { id: 'ci', name: 'Runs CI', remediation: 'Add CI.' },
  { id: 'owners', name: 'Has owners', remediation: 'Add CODEOWNERS.' },
];
const input = {
  deadline: '2026-06-30',
  today: '2026-06-01',
  scope: { teams: ['payments', 'checkout'] },
  services,
  current,
  days: [
    { day: '2026-05-04', cells: before },
    { day: '2026-06-01', cells: current },
  ],
  checks,
};

describe('initiative progress, worked by hand', () => {
  const progress = initiativeProgress(input);

  it('counts pairs: done when the rule passes or an exemption holds; not applicable is no pair', () => {
    expect([progress.done, progress.total, progress.services, progress.servicesComplete]).toEqual([4, 7, 4, 2]);
    expect(progress.perService.map((s) => [s.slug, s.done, s.total, s.complete])).toEqual([
      ['a', 2, 2, true],
      ['b', 1, 2, false],
      ['c', 1, 1, true],
      ['d', 0, 2, false],
    ]);
    expect(progress.perService.find((s) => s.slug === 'd')!.left).toEqual([
      { checkId: 'ci', name: 'Runs CI', state: 'fail', remediation: 'Add CI.' },
      { checkId: 'owners', name: 'Has owners', state: 'no_data', remediation: 'Add CODEOWNERS.' },
    ]);
  });

  it('per team, now and per day, with who is late at the recent pace', () => {
    expect(
      progress.teams.map((t) => [t.team, t.done, t.total, t.status, t.projectedDone, t.history.map((h) => h.done)]),
    ).toEqual([
      ['checkout', 1, 3, 'projected_late', '2026-07-27', [0, 1]],
      ['payments', 3, 4, 'on_track', '2026-06-15', [1, 3]],
    ]);
    expect([progress.status, progress.projectedDone]).toEqual(['on_track', '2026-06-29']);
  });

  it('teamsBehind names the teams to remind and what each has left', () => {
    expect(teamsBehind(progress)).toEqual([
      {
        team: 'checkout',
        status: 'projected_late',
        done: 1,
        total: 3,
        left: 2,
        projectedDone: '2026-07-27',
        services: [{ slug: 'd', left: ['ci', 'owners'] }],
      },
    ]);
  });

  it('past the deadline with pairs left is late; a scope of tiers; too little history has no pace', () => {
    const after = initiativeProgress({ ...input, today: '2026-07-01' });
    expect(after.teams.map((t) => [t.team, t.status])).toEqual([
      ['checkout', 'late'],
      ['payments', 'late'],
    ]);
    expect(after.perService.filter((s) => s.late).map((s) => s.slug)).toEqual(['b', 'd']);
    const tier2 = initiativeProgress({ ...input, scope: { tiers: ['tier-2'] } });
    expect([tier2.done, tier2.total, tier2.status]).toEqual([1, 1, 'done']);
    const fresh = initiativeProgress({ ...input, days: [{ day: '2026-06-01', cells: current }] });
    expect(fresh.status).toBe('no_pace');
  });

  it('no progress over the pace window is projected late', () => {
    expect(
      project(
        { done: 1, total: 3, rate: 1 / 3 },
        [
          { day: '2026-05-10', done: 1 },
          { day: '2026-06-01', done: 1 },
        ],
        { today: '2026-06-01', deadline: '2026-12-31' },
      ),
    ).toEqual({ status: 'projected_late', pacePerDay: 0, projectedDone: null });
  });
});
