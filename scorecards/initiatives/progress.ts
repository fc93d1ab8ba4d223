import { DAY_MS } from '../../lib/clock';
import type { RuleOutcome } from '../rules/outcome';
import type { CheckState } from '../states';

/**
 * How far an initiative has come, worked from plain data so a test can do it by hand and the
 * digests can call it (docs/scorecards.md, Initiatives). A **pair** is one service and one of the
 * initiative's checks that applies to it (the check's filter and the initiative's scope); it is
 * **done** when the rule passes or an exemption holds. A service is complete when all its pairs are.
 */

export interface InitiativeService {
  id: number;
  slug: string;
  name: string;
  team: string | null;
  tier: string | null;
}

export interface InitiativeCell {
  serviceId: number;
  checkId: string;
  state: CheckState;
  outcome: RuleOutcome | null;
}

export interface Scope {
  teams?: string[];
  tiers?: string[];
}

/** The initiative's scope holds the service (no scope: every service). */
export const inScope = (scope: Scope | undefined, s: Pick<InitiativeService, 'team' | 'tier'>) =>
  (!scope?.teams || (s.team !== null && scope.teams.includes(s.team))) &&
  (!scope?.tiers || (s.tier !== null && scope.tiers.includes(s.tier)));

/** The check applies to the service (not_applicable has no outcome). */
export const applies = (c: Pick<InitiativeCell, 'outcome'>) => c.outcome !== null;
/** The rule passes (even before `enforcedFrom`: an initiative usually runs ahead of enforcement), or an exemption holds. */
export const isDone = (c: Pick<InitiativeCell, 'state' | 'outcome'>) => c.outcome === 'pass' || c.state === 'exempt';

export interface Tally {
  done: number;
  total: number;
  /** done ÷ total; null when no pair is in scope. */
  rate: number | null;
}

/** `done`: nothing left; `late`: past the deadline with pairs left; `projected_late`: at the recent pace it ends after the deadline (or never); `on_track`: it ends by the deadline; `no_pace`: under 7 days of history to measure a pace. */
export const LATENESS = ['done', 'on_track', 'projected_late', 'late', 'no_pace'] as const;
export type Lateness = (typeof LATENESS)[number];

/** The pace is measured over this many days of history (or as many as there are, from 7). */
export const PACE_DAYS = 28;
const MIN_PACE_DAYS = 7;

export interface Projection {
  status: Lateness;
  /** Pairs done a day over the pace window; null without one. */
  pacePerDay: number | null;
  /** When the pairs left would be done at that pace; null when done, never, or unmeasured. */
  projectedDone: string | null;
}

const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/**
 * Whether a team (or the organisation) will make the deadline: remaining pairs today against the
 * pace of the last `PACE_DAYS` days of its history (`done` then and now, per day).
 * @example project({ done: 6, total: 10, rate: 0.6 }, [{ day: '2026-05-04', done: 2 }, { day: '2026-06-01', done: 6 }], { today: '2026-06-01', deadline: '2026-06-30' })
 *   // → pace 4 ÷ 28 a day; 4 left take 28 days: done 2026-06-29, on_track
 */
export function project(
  now: Tally,
  history: readonly { day: string; done: number }[],
  { today, deadline }: { today: string; deadline: string },
): Projection {
  const left = now.total - now.done;
  if (left === 0) return { status: 'done', pacePerDay: null, projectedDone: null };
  if (today > deadline) return { status: 'late', pacePerDay: null, projectedDone: null };
  const last = history.at(-1);
  const since = last ? history.find((p) => daysBetween(p.day, last.day) <= PACE_DAYS) : undefined;
  const span = last && since ? daysBetween(since.day, last.day) : 0;
  if (!last || !since || span < MIN_PACE_DAYS) return { status: 'no_pace', pacePerDay: null, projectedDone: null };
  const gained = last.done - since.done;
  const pace = gained / span;
  if (gained <= 0) return { status: 'projected_late', pacePerDay: pace, projectedDone: null };
  // Whole numbers: left ÷ (gained ÷ span) days, with no rounding error at an exact day.
  const projectedDone = addDays(today, Math.ceil((left * span) / gained));
  return { status: projectedDone > deadline ? 'projected_late' : 'on_track', pacePerDay: pace, projectedDone };
}

export interface ProgressInput {
  deadline: string;
  today: string;
  scope?: Scope;
  /** Today's services (teams and tiers are today's, as in the scorecard history). */
  services: readonly InitiativeService[];
  /** The latest evaluation's cells of the initiative's checks. */
  current: readonly InitiativeCell[];
  /** The same cells per day from the daily snapshots, oldest first. */
  days: readonly { day: string; cells: readonly InitiativeCell[] }[];
  /** Each check's name and remediation, for what is left. */
  checks: readonly { id: string; name: string; remediation: string }[];
}

const NO_TEAM = '(no team)';
const EMPTY: Tally = { done: 0, total: 0, rate: null };
const teamOf = (s: Pick<InitiativeService, 'team'>) => s.team ?? NO_TEAM;

/**
 * Done and total pairs per service (`s:<id>`), team (`t:<slug>`), check (`c:<id>`) and overall (`*`), in one pass
 * over the cells: the work is linear in cells, however many services and days there are.
 */
function countPairs(cells: readonly InitiativeCell[], byId: ReadonlyMap<number, InitiativeService>) {
  const counts = new Map<string, { done: number; total: number }>();
  for (const c of cells) {
    const s = byId.get(c.serviceId);
    if (!s || !applies(c)) continue;
    const done = isDone(c) ? 1 : 0;
    for (const key of [`s:${s.id}`, `t:${teamOf(s)}`, `c:${c.checkId}`, '*']) {
      const n = counts.get(key);
      if (n) {
        n.done += done;
        n.total += 1;
      } else counts.set(key, { done, total: 1 });
    }
  }
  return (key: string): Tally => {
    const n = counts.get(key);
    return n ? { ...n, rate: n.done / n.total } : EMPTY;
  };
}

/**
 * An initiative's progress: overall, per team and per service, now and per day, what is left and
 * who is late.
 * @example initiativeProgress({ deadline, today, services, current, days, checks }).teams.filter((t) => t.status === 'late')
 */
export function initiativeProgress(input: ProgressInput) {
  const services = input.services.filter((s) => inScope(input.scope, s));
  const byId = new Map(services.map((s) => [s.id, s]));
  const now = countPairs(input.current, byId);
  const daily = input.days.map(({ day, cells }) => ({ day, tally: countPairs(cells, byId) }));
  const series = (key: string) => daily.map(({ day, tally: t }) => ({ day, ...t(key) }));
  const judged = (key: string) => {
    const history = series(key);
    return { ...now(key), ...project(now(key), history, input), history };
  };
  const checks = new Map(input.checks.map((c) => [c.id, c]));
  const order = new Map(input.checks.map((c, i) => [c.id, i]));
  const cellsOf = new Map<number, InitiativeCell[]>();
  for (const c of input.current) {
    if (!byId.has(c.serviceId) || !applies(c)) continue;
    const list = cellsOf.get(c.serviceId);
    if (list) list.push(c);
    else cellsOf.set(c.serviceId, [c]);
  }

  const perService = services
    .filter((s) => cellsOf.has(s.id))
    .map((s) => {
      const left = cellsOf
        .get(s.id)!
        .filter((c) => !isDone(c))
        // In the initiative's order of checks, as the file lists them.
        .sort((a, b) => (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0))
        .map((c) => ({
          checkId: c.checkId,
          name: checks.get(c.checkId)?.name ?? c.checkId,
          state: c.state,
          remediation: checks.get(c.checkId)?.remediation ?? '',
        }));
      const counted = now(`s:${s.id}`);
      return {
        slug: s.slug,
        name: s.name,
        team: s.team,
        tier: s.tier,
        ...counted,
        complete: left.length === 0,
        late: left.length > 0 && input.today > input.deadline,
        left,
        history: series(`s:${s.id}`),
      };
    });

  const teamSlugs = [...new Set(perService.map(teamOf))].sort();
  const teams = teamSlugs.map((team) => {
    const mine = perService.filter((s) => teamOf(s) === team);
    return {
      team,
      services: mine.length,
      servicesComplete: mine.filter((s) => s.complete).length,
      ...judged(`t:${team}`),
    };
  });
  return {
    ...judged('*'),
    services: perService.length,
    servicesComplete: perService.filter((s) => s.complete).length,
    teams,
    perService,
    /** Which of the initiative's checks are done where, in the file's order. */
    perCheck: input.checks.map((c) => ({ checkId: c.id, name: c.name, ...now(`c:${c.id}`) })),
  };
}

export type InitiativeProgress = ReturnType<typeof initiativeProgress>;

/**
 * The teams behind on an initiative — late, or projected late at their recent pace — with what
 * each has left: what a digest reminds them of.
 * @example teamsBehind(progress) // → [{ team: 'legacy-billing', status: 'projected_late', left: 5, … }]
 */
export function teamsBehind(progress: InitiativeProgress) {
  return progress.teams
    .filter((t) => t.status === 'late' || t.status === 'projected_late')
    .map((t) => ({
      team: t.team,
      status: t.status as 'late' | 'projected_late',
      done: t.done,
      total: t.total,
      left: t.total - t.done,
      projectedDone: t.projectedDone,
      services: progress.perService
        .filter((s) => teamOf(s) === t.team && s.left.length > 0)
        .map((s) => ({ slug: s.slug, left: s.left.map((l) => l.checkId) })),
    }));
}
