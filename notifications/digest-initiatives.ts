import type { Db } from '../db/database';
import { getInitiative } from '../scorecards/initiatives/get-initiatives';
import type { LoadedScorecards } from '../scorecards/load-scorecards';
import type { DigestInitiative } from './message';

/**
 * The initiatives a digest reminds its scope of, as GET /api/v1/initiatives/{id} says them on the
 * digest's day. A team's digest: every initiative the team still has pairs left in, with its own
 * status, count and what each service has left. The organisation's: the initiatives with teams
 * late or behind, and which.
 * @example await digestInitiatives(db, scorecards, 'checkout', at, base) // → [{ id: 'dependency-hygiene', status: 'late', left: [{ service: 'Pricing', checks: ['Vulnerability alerts on'] }], … }]
 */
export async function digestInitiatives(
  db: Db,
  scorecards: LoadedScorecards,
  team: string | null,
  at: Date,
  base: string,
): Promise<DigestInitiative[]> {
  const out: DigestInitiative[] = [];
  for (const { id } of scorecards.initiatives) {
    const detail = (await getInitiative(db, scorecards, id, { at }))!;
    const common = { id, title: detail.title, deadline: detail.deadline, link: `${base}/initiatives/${id}` };
    const teamsBehind = detail.teamsBehind.map((b) => ({ team: b.team, status: b.status, left: b.left }));
    if (team === null) {
      if (teamsBehind.length === 0) continue;
      const { status, done, total, projectedDone } = detail;
      out.push({ ...common, status, done, total, projectedDone, teamsBehind, left: [] });
      continue;
    }
    const mine = detail.perTeam.find((t) => t.team === team);
    if (!mine || mine.status === 'done') continue;
    const { status, done, total, projectedDone } = mine;
    const left = detail.perService
      .filter((s) => s.team === team && s.left.length > 0)
      .map((s) => ({ service: s.name, checks: s.left.map((l) => l.name) }));
    out.push({ ...common, status, done, total, projectedDone, teamsBehind: [], left });
  }
  return out;
}
