import type { Db } from '../../db/database';
import { computeLevel, type CheckState, type LevelResult } from '../states';
import type { LoadedScorecard } from '../load-scorecards';
import type { RuleOutcome } from '../rules/outcome';
import type { ExemptionNote } from '../resolve-state';

export interface CurrentResult {
  serviceId: number;
  slug: string;
  name: string;
  team: string | null;
  tier: string | null;
  checkId: string;
  state: CheckState;
  outcome: RuleOutcome | null;
  reason: string;
  exemption: ExemptionNote | null;
  evaluatedAt: string;
}

/** The latest evaluation's results of one scorecard, with each service's current team. */
export async function getCurrentResults(db: Db, scorecardId: string, serviceSlug?: string): Promise<CurrentResult[]> {
  let query = db
    .selectFrom('scorecard_results as r')
    .innerJoin('services as s', 's.id', 'r.service_id')
    .leftJoin('teams as t', 't.id', 's.team_id')
    .select([
      'r.service_id',
      's.slug',
      's.name',
      't.slug as team',
      's.tier',
      'r.check_id',
      'r.state',
      'r.outcome',
      'r.reason',
      'r.exemption',
      'r.evaluated_at',
    ])
    .where('r.scorecard_id', '=', scorecardId)
    .orderBy('s.slug');
  if (serviceSlug) query = query.where('s.slug', '=', serviceSlug);
  const rows = await query.execute();
  return rows.map((r) => ({
    serviceId: r.service_id,
    slug: r.slug,
    name: r.name,
    team: r.team ?? null,
    tier: r.tier,
    checkId: r.check_id,
    state: r.state as CheckState,
    outcome: r.outcome as RuleOutcome | null,
    reason: r.reason,
    exemption: r.exemption ?? null,
    evaluatedAt: r.evaluated_at.toISOString(),
  }));
}

export type ServiceLevel = LevelResult & { serviceId: number; slug: string; name: string; team: string | null };

/** Each service's level and score from its current results. */
export function levelsByService(card: LoadedScorecard, results: readonly CurrentResult[]): ServiceLevel[] {
  const checks = new Map(card.checks.map((c) => [c.id, c]));
  const order = new Map(card.checks.map((c, i) => [c.id, i]));
  const byService = new Map<number, CurrentResult[]>();
  // In the file's check order, so "blocking" lists checks as the scorecard does.
  const sorted = results
    .filter((r) => checks.has(r.checkId))
    .sort((a, b) => a.serviceId - b.serviceId || order.get(a.checkId)! - order.get(b.checkId)!);
  for (const r of sorted) {
    const list = byService.get(r.serviceId);
    if (list) list.push(r);
    else byService.set(r.serviceId, [r]);
  }
  return [...byService.values()].map((list) => ({
    serviceId: list[0]!.serviceId,
    slug: list[0]!.slug,
    name: list[0]!.name,
    team: list[0]!.team,
    ...computeLevel(
      card.levels,
      list.map((r) => ({
        checkId: r.checkId,
        level: checks.get(r.checkId)!.level,
        weight: checks.get(r.checkId)!.weight,
        state: r.state,
      })),
    ),
  }));
}

export interface Rollup {
  services: number;
  /** Services per level reached; `none` for those below the first level. */
  levelDistribution: Record<string, number>;
  /** Mean of the services' scores (services with no scored check left out). */
  averageScore: number | null;
  /** Passing ÷ scored (pass, fail, no_data) results, unweighted. */
  passRate: number | null;
}

export function rollup(
  levels: readonly string[],
  services: readonly ServiceLevel[],
  results: readonly CurrentResult[],
): Rollup {
  const levelDistribution = Object.fromEntries([...levels, 'none'].map((l) => [l, 0]));
  for (const s of services) levelDistribution[s.level ?? 'none']! += 1;
  const scores = services.map((s) => s.score).filter((s): s is number => s !== null);
  const scored = results.filter((r) => r.state === 'pass' || r.state === 'fail' || r.state === 'no_data');
  return {
    services: services.length,
    levelDistribution,
    averageScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
    passRate: scored.length ? scored.filter((r) => r.state === 'pass').length / scored.length : null,
  };
}

/**
 * Adoption of one check: services whose rule passes ÷ services the check applies to. A check
 * not enforced yet (`enforcedFrom` ahead, state `upcoming`) counts neither way: `upcoming` says
 * how many services it will apply to.
 */
export function adoption(results: readonly CurrentResult[]): {
  passing: number;
  applicable: number;
  rate: number | null;
  upcoming: number;
} {
  const due = results.filter((r) => r.outcome !== null && r.state !== 'upcoming');
  const passing = due.filter((r) => r.outcome === 'pass').length;
  return {
    passing,
    applicable: due.length,
    rate: due.length ? passing / due.length : null,
    upcoming: results.filter((r) => r.state === 'upcoming').length,
  };
}
