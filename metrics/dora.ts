import type { Db } from '../db/database';
import type { PavedConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { assembleFigures, type DoraFigures, type FigureParts, type Window } from './dora-figures';
import { figurePartsFromDerivedRows } from './figures-from-derived-rows';
import { figurePartsOfBuckets, figurePartsOfScopes } from './figures-of-scopes';
import { figurePartsFromRollups, type RollupRequest } from './rollup/figures-from-rollups';
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
 * The figures of a resolved scope. The organisation's and a team's come from their rollups when
 * they cover the window (the same numbers, summed from fewer rows); when they do not (a day the
 * last derivation changed awaits the refresh at its end, or the config or the scope's
 * repositories changed since the last build) and for a service they come from the derived rows.
 */
export async function computeFigures(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  window: Window,
): Promise<DoraFigures> {
  const [parts] = await partsOf(db, config, [{ scope, window }], () =>
    figurePartsFromDerivedRows(db, config, scope, window).then((p) => [p]),
  );
  return assemble(config, scope, window, parts!);
}

/**
 * The figures of many scopes over one window (the overview's teams table): teams from their
 * rollups in one pass, the rest (services, or teams the rollups do not cover) in one grouped
 * pass over the derived rows.
 */
export async function computeFiguresOfScopes(
  db: Db,
  config: PavedConfig,
  scopes: readonly ResolvedScope[],
  window: Window,
): Promise<DoraFigures[]> {
  return (await computeFiguresOfScopesOver(db, config, scopes, [window]))[0]!;
}

/**
 * computeFiguresOfScopes over several windows (a report's and the one it is compared with), every
 * scope and window from the rollups in the same pass; per window, one grouped pass over the
 * derived rows for what they do not cover.
 */
export async function computeFiguresOfScopesOver(
  db: Db,
  config: PavedConfig,
  scopes: readonly ResolvedScope[],
  windows: readonly Window[],
): Promise<DoraFigures[][]> {
  const n = scopes.length;
  const requests = windows.flatMap((window) => scopes.map((scope) => ({ scope, window })));
  const parts = await partsOf(db, config, requests, async (indexes) => {
    const perWindow = windows.map((_, w) => indexes.filter((i) => Math.floor(i / n) === w));
    const read = await Promise.all(
      perWindow.map((list, w) =>
        list.length === 0
          ? []
          : figurePartsOfScopes(
              db,
              config,
              list.map((i) => scopes[i % n]!),
              windows[w]!,
            ),
      ),
    );
    // indexes are ascending, so window by window they are in order
    return read.flat();
  });
  return windows.map((window, w) => scopes.map((scope, i) => assemble(config, scope, window, parts[w * n + i]!)));
}

/**
 * The figures of one scope per bucket (a weekly or monthly series) in one pass: from the
 * organisation's or a team's rollups, else over the derived rows (each run of consecutive
 * buckets the rollups do not cover in one pass).
 */
export async function computeSeries(
  db: Db,
  config: PavedConfig,
  scope: ResolvedScope,
  buckets: readonly Window[],
): Promise<DoraFigures[]> {
  const parts = await partsOf(
    db,
    config,
    buckets.map((window) => ({ scope, window })),
    async (indexes) => {
      const runs: number[][] = [];
      for (const i of indexes) {
        const run = runs.at(-1);
        if (run && run.at(-1) === i - 1) run.push(i);
        else runs.push([i]);
      }
      const parts = await Promise.all(
        runs.map((run) =>
          figurePartsOfBuckets(
            db,
            config,
            scope,
            run.map((i) => buckets[i]!),
          ),
        ),
      );
      return parts.flat();
    },
  );
  return buckets.map((bucket, i) => assemble(config, scope, bucket, parts[i]!));
}

/** Parts from the rollups where they answer; `fromDerivedRows` computes the others (given by index, in order). */
async function partsOf(
  db: Db,
  config: PavedConfig,
  requests: readonly RollupRequest[],
  fromDerivedRows: (indexes: number[]) => Promise<FigureParts[]>,
): Promise<FigureParts[]> {
  const answers = await figurePartsFromRollups(db, config, requests);
  const gaps = answers.flatMap((a, i) => (a.parts ? [] : [i]));
  for (const i of gaps) {
    const { gap } = answers[i]!;
    if (gap !== 'not a rolled-up scope')
      log.debug('figures read from the derived rows', {
        reason: gap,
        scope: requests[i]!.scope.all ? 'organisation' : `team ${requests[i]!.scope.teamId}`,
        from: requests[i]!.window.from.toISOString(),
        to: requests[i]!.window.to.toISOString(),
      });
  }
  const derived = gaps.length > 0 ? await fromDerivedRows(gaps) : [];
  const parts = answers.map((a) => a.parts);
  gaps.forEach((i, n) => (parts[i] = derived[n]));
  return parts as FigureParts[];
}

function assemble(config: PavedConfig, scope: ResolvedScope, window: Window, parts: FigureParts): DoraFigures {
  return assembleFigures(parts, window, {
    minimumSample: config.metrics.minimumSample,
    deploySignalsOnly: deploySignalsOnly(scope),
  });
}
