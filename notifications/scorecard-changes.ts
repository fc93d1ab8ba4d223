import type { Db } from '../db/database';
import { DAY_MS } from '../lib/clock';
import type { LoadedScorecard } from '../scorecards/load-scorecards';
import { getCurrentResults, levelsByService, type CurrentResult } from '../scorecards/read/current-results';
import { getSnapshots, latestVersionPerDay } from '../scorecards/read/snapshots';
import { computeLevel, decodeState, type CheckState } from '../scorecards/states';
import type { LevelChange, NewlyFailing } from './message';

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A service's level and check states on a past day, from the daily snapshots. */
interface PastState {
  level: string | null;
  states: Map<string, CheckState>;
}

/**
 * The latest snapshot day on or before `day` (looking back a week at most), as each service's
 * level and check states; null when no snapshot reaches back that far.
 */
async function stateOnDay(db: Db, card: LoadedScorecard, day: string): Promise<Map<number, PastState> | null> {
  const from = dayOf(Date.parse(`${day}T00:00:00Z`) - 7 * DAY_MS);
  const rows = latestVersionPerDay(await getSnapshots(db, card.id, { from, to: day }));
  const last = rows.reduce<string | null>((max, r) => (max === null || r.day > max ? r.day : max), null);
  if (last === null) return null;
  const cells = new Map<number, { checkId: string; level: string; weight: number; state: CheckState }[]>();
  for (const row of rows.filter((r) => r.day === last)) {
    row.serviceIds.forEach((serviceId, i) => {
      const list = cells.get(serviceId) ?? [];
      list.push({
        checkId: row.checkId,
        level: row.level,
        weight: row.weight,
        state: decodeState(row.codes[i]!).state,
      });
      cells.set(serviceId, list);
    });
  }
  return new Map(
    [...cells].map(([id, list]) => [
      id,
      { level: computeLevel(card.levels, list).level, states: new Map(list.map((c) => [c.checkId, c.state])) },
    ]),
  );
}

const rank = (card: LoadedScorecard, level: string | null) => (level === null ? -1 : card.levels.indexOf(level));

/**
 * What changed on a scorecard for a team (or every team) since the end of `sinceDay`: services
 * whose level went up or down, and checks that passed then and fail now. Null when no snapshot
 * reaches back to `sinceDay` (nothing to compare with).
 */
export async function scorecardChangesSince(
  db: Db,
  card: LoadedScorecard,
  sinceDay: string,
  team: string | null,
): Promise<{ levelChanges: LevelChange[]; newlyFailing: NewlyFailing[] } | null> {
  const [past, results] = await Promise.all([stateOnDay(db, card, sinceDay), getCurrentResults(db, card.id)]);
  if (!past) return null;
  const mine = results.filter((r) => team === null || r.team === team);
  const levelChanges: LevelChange[] = [];
  for (const now of levelsByService(card, mine)) {
    const before = past.get(now.serviceId);
    if (!before || before.level === now.level) continue;
    levelChanges.push({
      scorecard: card.id,
      service: now.slug,
      serviceName: now.name,
      from: before.level,
      to: now.level,
      direction: rank(card, now.level) > rank(card, before.level) ? 'up' : 'down',
    });
  }
  return { levelChanges, newlyFailing: newlyFailing(card, mine, (r) => past.get(r.serviceId)?.states.get(r.checkId)) };
}

/** Results that fail now where the earlier state passed (a check that never passed is not news). */
export function newlyFailing(
  card: LoadedScorecard,
  results: readonly CurrentResult[],
  earlier: (r: CurrentResult) => string | undefined,
): NewlyFailing[] {
  const names = new Map(card.checks.map((c) => [c.id, c.name]));
  return results
    .filter((r) => r.state === 'fail' && names.has(r.checkId) && earlier(r) === 'pass')
    .map((r) => ({
      scorecard: card.id,
      service: r.slug,
      serviceName: r.name,
      checkId: r.checkId,
      checkName: names.get(r.checkId)!,
      reason: r.reason,
    }));
}
