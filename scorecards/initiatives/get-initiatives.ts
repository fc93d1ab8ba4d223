import type { Db } from '../../db/database';
import { DAY_MS } from '../../lib/clock';
import type { LoadedScorecards } from '../load-scorecards';
import { getCurrentResults } from '../read/current-results';
import { getSnapshots, latestVersionPerDay } from '../read/snapshots';
import { decodeState } from '../states';
import { initiativeProgress, PACE_DAYS, teamsBehind, type InitiativeCell, type InitiativeService } from './progress';
import type { LoadedInitiative } from './validate-initiatives';

/** Without a `start`, an initiative's history covers this many weeks. */
export const DEFAULT_HISTORY_WEEKS = 12;
/** History never reaches further back than this (as the scorecard history). */
const MAX_HISTORY_DAYS = 366;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const daysBefore = (day: string, days: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS));

/** The first day the history shows: `weeks` back when asked, else the initiative's start, else 12 weeks back; at most 366 days. */
function historyFrom(initiative: LoadedInitiative, today: string, weeks?: number): string {
  const from = weeks
    ? daysBefore(today, weeks * 7)
    : (initiative.start ?? daysBefore(today, DEFAULT_HISTORY_WEEKS * 7));
  const earliest = daysBefore(today, MAX_HISTORY_DAYS);
  return [from > today ? today : from, earliest].sort().at(-1)!;
}

/**
 * One initiative's progress from the scorecard's current results and daily snapshots. A day counts
 * in the history only when every check of the initiative has a snapshot that day (a check added
 * later starts the history then), so each point compares the same pairs.
 */
async function readProgress(
  db: Db,
  scorecards: LoadedScorecards,
  initiative: LoadedInitiative,
  at: Date,
  { weeks, currentResults = getCurrentResults }: { weeks?: number; currentResults?: typeof getCurrentResults } = {},
) {
  const card = scorecards.scorecards.find((c) => c.id === initiative.scorecard)!;
  const today = dayOf(at);
  const from = historyFrom(initiative, today, weeks);
  // The pace needs PACE_DAYS of history whatever the chart shows.
  const readFrom = [from, daysBefore(today, PACE_DAYS)].sort()[0]!;
  const wanted = new Set(initiative.checks);
  const [results, snapshots, ownerTeam] = await Promise.all([
    currentResults(db, card.id),
    getSnapshots(db, card.id, { from: readFrom, to: today, checkIds: initiative.checks }),
    db.selectFrom('teams').select('slug').where('slug', '=', initiative.owner).executeTakeFirst(),
  ]);
  const services = new Map<number, InitiativeService>();
  const current: InitiativeCell[] = [];
  for (const r of results) {
    if (!wanted.has(r.checkId)) continue;
    services.set(r.serviceId, { id: r.serviceId, slug: r.slug, name: r.name, team: r.team, tier: r.tier });
    current.push({ serviceId: r.serviceId, checkId: r.checkId, state: r.state, outcome: r.outcome });
  }
  const byDay = new Map<string, InitiativeCell[][]>();
  for (const row of latestVersionPerDay(snapshots)) {
    const cells = row.serviceIds.map((serviceId, i) => ({
      serviceId,
      checkId: row.checkId,
      ...decodeState(row.codes[i]!),
    }));
    byDay.set(row.day, [...(byDay.get(row.day) ?? []), cells]);
  }
  const days = [...byDay.entries()]
    .filter(([, perCheck]) => perCheck.length === wanted.size)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, perCheck]) => ({ day, cells: perCheck.flat() }));
  const checks = initiative.checks.map((id) => card.checks.find((c) => c.id === id)!);
  const progress = initiativeProgress({
    deadline: initiative.deadline,
    today,
    scope: initiative.scope,
    services: [...services.values()],
    current,
    days,
    checks,
  });
  return { card, checks, today, from, progress, ownerTeam: ownerTeam?.slug ?? null };
}

type Read = Awaited<ReturnType<typeof readProgress>>;
const shown = <P extends { day: string }>(history: readonly P[], from: string) => history.filter((p) => p.day >= from);

/** What the list and the detail both say of an initiative. */
function summary(initiative: LoadedInitiative, { card, checks, today, progress, ownerTeam }: Read) {
  return {
    id: initiative.id,
    title: initiative.title,
    description: initiative.description ?? null,
    owner: initiative.owner,
    ownerTeam,
    scorecard: { id: card.id, name: card.name },
    checks: checks.map((c) => ({ id: c.id, name: c.name, level: c.level })),
    start: initiative.start ?? null,
    deadline: initiative.deadline,
    scope: { teams: initiative.scope?.teams ?? null, tiers: initiative.scope?.tiers ?? null },
    today,
    status: progress.status,
    done: progress.done,
    total: progress.total,
    rate: progress.rate,
    pacePerDay: progress.pacePerDay,
    projectedDone: progress.projectedDone,
    services: progress.services,
    servicesComplete: progress.servicesComplete,
    teams: progress.teams.length,
    teamsBehind: teamsBehind(progress),
  };
}

/**
 * Every initiative in the file with its progress and the teams behind, in the file's order.
 * @example (await listInitiatives(db, scorecards, { at: now() })).map((i) => [i.id, i.status])
 */
export async function listInitiatives(db: Db, scorecards: LoadedScorecards, { at }: { at: Date }) {
  // Initiatives of one scorecard share its current results (30k rows for 1,000 services × 30 checks): read once.
  const read = new Map<string, ReturnType<typeof getCurrentResults>>();
  const currentResults: typeof getCurrentResults = (_, id) => {
    if (!read.has(id)) read.set(id, getCurrentResults(db, id));
    return read.get(id)!;
  };
  const out = [];
  for (const initiative of scorecards.initiatives)
    out.push(summary(initiative, await readProgress(db, scorecards, initiative, at, { currentResults })));
  return out;
}

/**
 * One initiative: progress overall, per check, per team and per service, each over time since it
 * started (or the last `weeks`), what is left with how to fix it, and who is late or behind. Null
 * when the file has no such initiative.
 * @example await getInitiative(db, scorecards, 'dependency-hygiene', { at: now() })
 */
export async function getInitiative(
  db: Db,
  scorecards: LoadedScorecards,
  id: string,
  { at, weeks }: { at: Date; weeks?: number },
) {
  const initiative = scorecards.initiatives.find((i) => i.id === id);
  if (!initiative) return null;
  const read = await readProgress(db, scorecards, initiative, at, { weeks });
  const { progress, from } = read;
  return {
    ...summary(initiative, read),
    from,
    history: shown(progress.history, from),
    perCheck: progress.perCheck.map((c) => ({
      ...c,
      remediation: read.checks.find((check) => check.id === c.checkId)!.remediation,
    })),
    perTeam: progress.teams.map((t) => ({ ...t, history: shown(t.history, from) })),
    perService: progress.perService.map((s) => ({ ...s, history: shown(s.history, from) })),
  };
}

export type InitiativeSummary = Awaited<ReturnType<typeof listInitiatives>>[number];
export type InitiativeDetail = NonNullable<Awaited<ReturnType<typeof getInitiative>>>;
