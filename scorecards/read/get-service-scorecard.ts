import type { Db } from '../../db/database';
import type { LoadedScorecards } from '../load-scorecards';
import { getCurrentResults, levelsByService } from './current-results';

/**
 * One service's results on one scorecard, with reasons and remediation, its level and
 * what blocks the next one. Null when the scorecard or the service is unknown.
 * @example await getServiceScorecard(db, scorecards, 'golden-path', 'payments-api')
 */
export async function getServiceScorecard(db: Db, scorecards: LoadedScorecards, id: string, slug: string) {
  const card = scorecards.scorecards.find((c) => c.id === id);
  if (!card) return null;
  const service = await db
    .selectFrom('services')
    .leftJoin('teams', 'teams.id', 'services.team_id')
    .select([
      'services.slug',
      'services.name',
      'teams.slug as team',
      'services.lifecycle',
      'services.tier',
      'services.type',
    ])
    .where('services.slug', '=', slug)
    .executeTakeFirst();
  if (!service) return null;
  const results = await getCurrentResults(db, id, slug);
  const level = levelsByService(card, results)[0];
  const byCheck = new Map(results.map((r) => [r.checkId, r]));
  return {
    scorecard: { id: card.id, name: card.name, levels: card.levels },
    service: { ...service, team: service.team ?? null },
    evaluatedAt: results[0]?.evaluatedAt ?? null,
    level: level?.level ?? null,
    score: level?.score ?? null,
    nextLevel: level ? level.nextLevel : (card.levels[0] ?? null),
    blocking: level?.blocking ?? [],
    results: card.checks.map((check) => {
      const r = byCheck.get(check.id);
      return {
        checkId: check.id,
        name: check.name,
        level: check.level,
        category: check.category ?? null,
        weight: check.weight,
        state: r?.state ?? null,
        reason: r?.reason ?? 'not evaluated yet',
        remediation: check.remediation,
        exemption: r?.exemption ?? null,
        enforcedFrom: check.enforcedFrom ?? null,
      };
    }),
  };
}

export type ServiceScorecard = NonNullable<Awaited<ReturnType<typeof getServiceScorecard>>>;
