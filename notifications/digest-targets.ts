import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { listServices } from '../metrics/catalog-views';
import type { Window } from '../metrics/dora-figures';
import { judgeTargetsWhere } from '../metrics/list-targets';
import type { TargetScope, TargetStatus } from '../metrics/targets';

/**
 * The targets a digest reports, judged over its window by the evaluator GET /api/v1/targets uses
 * (so the figures are the API's for the same from/to days). The organisation's digest carries the
 * organisation's and every team's targets (leadership reads it); a team's carries the team's and
 * its services' (what the team can act on). A target naming an unknown scope is left out here:
 * the targets API and the data-quality page report it.
 * @example await digestTargets(db, config, 'payments', window) // → [{ id: 'team:payments:…', status: 'off_track', … }]
 */
export async function digestTargets(
  db: Db,
  config: PavedConfig,
  team: string | null,
  window: Window,
): Promise<TargetStatus[]> {
  let keep: (scope: TargetScope) => boolean = (scope) => scope.type !== 'service';
  if (team !== null) {
    const services = new Set((await listServices(db, { teamSlug: team })).map((s) => s.slug));
    keep = (scope) =>
      (scope.type === 'team' && scope.slug === team) || (scope.type === 'service' && services.has(scope.slug));
  }
  return (await judgeTargetsWhere(db, config, window, keep)).targets;
}
