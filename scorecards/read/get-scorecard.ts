import type { Db } from '../../db/database';
import type { LoadedScorecards } from '../load-scorecards';
import { STATES, type CheckState } from '../states';
import { adoption, getCurrentResults, levelsByService, rollup, type CurrentResult } from './current-results';

/**
 * One scorecard: its checks with adoption overall and per team, and rollups per team and
 * for the organisation. Null when the file has no such scorecard.
 * @example await getScorecard(db, scorecards, 'golden-path')
 */
export async function getScorecard(db: Db, scorecards: LoadedScorecards, id: string) {
  const card = scorecards.scorecards.find((c) => c.id === id);
  if (!card) return null;
  const results = await getCurrentResults(db, id);
  const services = levelsByService(card, results);
  const teams = [...new Set(services.map((s) => s.team ?? '(no team)'))].sort();
  const teamOf = (team: string | null) => team ?? '(no team)';
  // Grouped once: a scorecard of 30 checks over 1,000 services and 50 teams is 30k results.
  const group = <K>(list: readonly CurrentResult[], key: (r: CurrentResult) => K) => {
    const map = new Map<K, CurrentResult[]>();
    for (const r of list) {
      const k = key(r);
      const found = map.get(k);
      if (found) found.push(r);
      else map.set(k, [r]);
    }
    return map;
  };
  const byCheck = group(results, (r) => r.checkId);
  const byTeam = group(results, (r) => teamOf(r.team));
  return {
    id: card.id,
    name: card.name,
    description: card.description ?? null,
    levels: card.levels,
    evaluatedAt: results[0]?.evaluatedAt ?? null,
    checks: card.checks.map((check) => {
      const mine = byCheck.get(check.id) ?? [];
      const mineByTeam = group(mine, (r) => teamOf(r.team));
      return {
        id: check.id,
        name: check.name,
        level: check.level,
        category: check.category ?? null,
        weight: check.weight,
        remediation: check.remediation,
        filter: check.filter ?? null,
        enforcedFrom: check.enforcedFrom ?? null,
        definitionHash: check.definitionHash,
        states: Object.fromEntries(STATES.map((s) => [s, mine.filter((r) => r.state === s).length])) as Record<
          CheckState,
          number
        >,
        adoption: adoption(mine),
        byTeam: teams.map((team) => ({ team, ...adoption(mineByTeam.get(team) ?? []) })),
      };
    }),
    organisation: rollup(card.levels, services, results),
    teams: teams.map((team) => ({
      team,
      ...rollup(
        card.levels,
        services.filter((s) => teamOf(s.team) === team),
        byTeam.get(team) ?? [],
      ),
    })),
    /** Every exemption on a result, active or expired (expired ones no longer apply). */
    exemptions: results
      .filter((r) => r.exemption)
      .map((r) => ({ service: r.slug, checkId: r.checkId, ...r.exemption! })),
    services: services.map((s) => ({
      slug: s.slug,
      name: s.name,
      team: s.team,
      level: s.level,
      score: s.score,
      nextLevel: s.nextLevel,
      blocking: s.blocking,
    })),
  };
}

export type ScorecardDetail = NonNullable<Awaited<ReturnType<typeof getScorecard>>>;
