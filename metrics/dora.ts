import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { assembleFigures, type DoraFigures, type Window } from './dora-figures';
import { figurePartsFromDerivedRows } from './figures-from-derived-rows';
import { orgFigurePartsFromRollups } from './rollup/figures-from-rollups';
import { deploySignalsOnly, resolveScope, type DoraScope, type ResolvedScope } from './scope';

export type { DoraFigures, Window } from './dora-figures';
export type { DoraScope } from './scope';

const log = logger.child('metrics');

/**
 * The DORA figures of a scope over [from, to), pooled over the scope's services (never a
 * median of medians), from the derived tables. See docs/metrics.md.
 * @example await getDoraFigures(db, config, { type: 'team', slug: 'payments' }, { from, to })
 */
export async function getDoraFigures(
  db: Db,
  config: PavedConfig,
  scope: DoraScope,
  window: Window,
): Promise<DoraFigures> {
  const resolved = await resolveScope(db, scope);
  return computeFigures(db, config, resolved ?? { serviceIds: [], repositoryIds: [] }, window);
}

/**
 * The figures of a resolved scope. The organisation's come from its rollups when they cover
 * the window (the same numbers, summed from fewer rows); when they do not (a day the last
 * derivation changed awaits the refresh at its end, or the config or the organisation's
 * repositories changed since the last build) they come from the derived rows, as a team's do.
 */
export async function computeFigures(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  window: Window,
): Promise<DoraFigures> {
  const rules = { minimumSample: config.metrics.minimumSample, deploySignalsOnly: deploySignalsOnly(scope) };
  if (scope.all) {
    const fromRollups = await orgFigurePartsFromRollups(db, config, window);
    if (fromRollups.parts) return assembleFigures(fromRollups.parts, window, rules);
    log.debug('organisation figures read from the derived rows', {
      reason: fromRollups.gap,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    });
  }
  return assembleFigures(await figurePartsFromDerivedRows(db, config, scope, window), window, rules);
}
