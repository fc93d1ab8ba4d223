import type { Db } from '../db/database';
import { now } from '../lib/clock';
import type { LoadedConfig, PavedConfig } from '../lib/config';
import type { TargetConfig } from '../lib/config-schema';
import { formatPath } from '../lib/config-file-errors';
import { listTeams } from './catalog-views';
import { getCoverageStart } from './coverage';
import { computeFigures, type DoraFigures, type Window } from './dora';
import type { ScopeParam } from './dora-report';
import { resolveScope } from './scope';
import { judgeTargets, scopeOfTarget, targetsInForce, targetsOf, type TargetScope, type TargetStatus } from './targets';

/** A target naming a team or service Paved does not know: a config error, named as the loader names one. */
export interface TargetProblem {
  target: string;
  file: string;
  key: string;
  message: string;
}

const DEFAULT_FILE = 'paved.config.yaml';

/**
 * Every target in force (optionally only one team's or service's) judged over a window, each
 * scope's figures computed once. Teams and services can come from catalog-info.yaml, so a target
 * naming an unknown one is found here, against the catalog, rather than when the file is read:
 * it is left out and reported as a problem naming the file, the key and what was expected.
 * @example await listTargets(db, loaded, { from, to }) // → { targets: [...], problems: [] }
 */
export async function listTargets(
  db: Db,
  loaded: Pick<LoadedConfig, 'config' | 'file'>,
  window: Window,
  filter: ScopeParam = {},
): Promise<{ targets: TargetStatus[]; problems: TargetProblem[] }> {
  const { config } = loaded;
  const { targets, unknown } = await judgeTargetsWhere(db, config, window, (scope) =>
    filter.team
      ? scope.type === 'team' && scope.slug === filter.team
      : filter.service
        ? scope.type === 'service' && scope.slug === filter.service
        : true,
  );
  const problems = unknown.length
    ? await describeUnknown(db, unknown, loaded.file ?? DEFAULT_FILE, config.targets.length > 0)
    : [];
  return { targets, problems };
}

interface Entry {
  t: TargetConfig;
  index: number;
  scope: TargetScope;
}

/**
 * The targets in force whose scope `keep` accepts, judged over a window in the config's order;
 * `unknown` holds those naming a team or service Paved does not know. What GET /api/v1/targets
 * answers, for callers that pick targets by more than one scope (a team's digest: the team's and
 * its services').
 * @example await judgeTargetsWhere(db, config, window, (s) => s.type !== 'service')
 */
export async function judgeTargetsWhere(
  db: Db,
  config: PavedConfig,
  window: Window,
  keep: (scope: TargetScope) => boolean,
): Promise<{ targets: TargetStatus[]; unknown: Entry[] }> {
  const wanted = targetsInForce(config)
    .map((t, index) => ({ t, index, scope: scopeOfTarget(t) }))
    .filter(({ scope }) => keep(scope));
  const scopes = new Map<string, { scope: TargetScope; entries: Entry[] }>();
  for (const entry of wanted) {
    const key = `${entry.scope.type}:${entry.scope.slug ?? ''}`;
    if (!scopes.has(key)) scopes.set(key, { scope: entry.scope, entries: [] });
    scopes.get(key)!.entries.push(entry);
  }
  const judged = await Promise.all(
    [...scopes.values()].map(async ({ scope, entries }) => ({
      entries,
      statuses: await judgeScope(
        db,
        config,
        scope,
        window,
        entries.map((e) => e.t),
      ),
    })),
  );
  // In the file's order, so the list reads like the config.
  const byId = new Map(judged.flatMap((j) => j.statuses ?? []).map((s) => [s.id, s]));
  return {
    targets: wanted.map(({ t }) => byId.get(t.id)).filter((s): s is TargetStatus => s !== undefined),
    unknown: judged.filter((j) => j.statuses === null).flatMap((j) => j.entries),
  };
}

/**
 * Judges targets of one scope over a window; null when the scope does not exist. `figures`, when
 * the caller has them for this window already, are not computed again.
 */
async function judgeScope(
  db: Db,
  config: PavedConfig,
  scope: TargetScope,
  window: Window,
  targets: TargetConfig[],
  figures?: DoraFigures,
): Promise<TargetStatus[] | null> {
  const resolved = await resolveScope(db, scope.type === 'organisation' ? { type: 'organisation' } : scope);
  if (!resolved) return null;
  const [computed, historyFrom] = await Promise.all([
    figures ?? computeFigures(db, config, resolved, window),
    getCoverageStart(db, resolved),
  ]);
  return judgeTargets(targets, computed, {
    window,
    historyFrom,
    minimumSample: config.metrics.minimumSample,
    today: now().toISOString().slice(0, 10),
  });
}

/**
 * The targets set on one scope, judged on figures the caller computed for the window (the
 * overview's teams table has each team's figures already).
 */
export async function targetsForScope(
  db: Db,
  config: PavedConfig,
  scope: TargetScope,
  window: Window,
  figures: DoraFigures,
): Promise<TargetStatus[]> {
  const mine = targetsOf(targetsInForce(config), scope);
  if (mine.length === 0) return [];
  return (await judgeScope(db, config, scope, window, mine, figures)) ?? [];
}

async function describeUnknown(db: Db, entries: Entry[], file: string, fromConfig: boolean): Promise<TargetProblem[]> {
  const teams = (await listTeams(db)).map((t) => t.slug);
  const shown = teams.length > 12 ? `${teams.slice(0, 12).join(', ')}, …` : teams.join(', ');
  return entries.map(({ index, scope, t }) => ({
    target: t.id,
    file: fromConfig ? file : '(the demo organisation’s targets)',
    key: formatPath(['targets', index, scope.type]),
    message:
      scope.type === 'team'
        ? `expected a team Paved knows (${shown || 'none yet'}), found "${scope.slug}"`
        : `expected a service Paved knows (see /services), found "${scope.slug}"`,
  }));
}
