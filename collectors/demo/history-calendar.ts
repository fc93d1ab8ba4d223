import { DAY_MS } from '../../lib/clock';
import type { TeamProfile } from './organisation';
import type { Random } from './random';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export type HistoryEvent =
  | { at: number; kind: 'merge'; hotfix?: boolean }
  | { at: number; kind: 'push' }
  | { at: number; kind: 'revert'; target: { oid: string; title: string } }
  | { at: number; kind: 'deploy'; rollbackTo?: string };

/** How busy a day is: weekends are quiet, August is holiday season, and days vary. */
function dayFactor(day: Date): number {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return 0.08;
  const holiday = day.getUTCMonth() === 7 || (day.getUTCMonth() === 11 && day.getUTCDate() >= 22) ? 0.55 : 1;
  return holiday * (weekday === 5 ? 0.8 : 1);
}

function deploySlots(team: TeamProfile, day: Date): number[] {
  const weekday = day.getUTCDay();
  const base = day.getTime();
  if (weekday === 0 || weekday === 6) return [];
  switch (team.cadence) {
    case 'daily':
      return [base + 15 * HOUR];
    case 'twice-weekly':
      return weekday === 2 || weekday === 4 ? [base + 14 * HOUR] : [];
    case 'weekly':
      return weekday === 3 ? [base + 13 * HOUR] : [];
    case 'biweekly':
      return weekday === 4 && Math.floor(base / (7 * DAY_MS)) % 2 === 0 ? [base + 11 * HOUR] : [];
    default:
      return [];
  }
}

/** The calendar of a team's merges, direct pushes and deploy slots over [start, end), in time order. */
export function planEvents(rng: Random, team: TeamProfile, start: number, end: number): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let day = start; day < end; day += DAY_MS) {
    const date = new Date(day);
    const progress = (day - start) / (end - start);
    // The platform team adopted the golden path half way through: it shows in its figures.
    const trend = team.slug === 'platform' ? 0.8 + 0.5 * progress : 1;
    const merges = rng.poisson(team.mergesPerDay * dayFactor(date) * trend);
    for (let i = 0; i < merges; i++) {
      const at = day + 9 * HOUR + rng.int(0, 9 * 60) * MINUTE;
      if (at >= end) continue;
      events.push({ at, kind: 'merge' });
      if (team.cadence === 'continuous')
        events.push({ at: at + Math.round(rng.logNormal(20, 0.4)) * MINUTE, kind: 'deploy' });
    }
    if (rng.chance(team.directPushRate * 2 * dayFactor(date)))
      events.push({ at: day + rng.int(8, 20) * HOUR, kind: 'push' });
    for (const slot of deploySlots(team, date)) events.push({ at: slot + rng.int(0, 40) * MINUTE, kind: 'deploy' });
  }
  // Nothing happens after the end of history (the clock's now).
  return events.filter((e) => e.at < end).sort((a, b) => a.at - b.at);
}
