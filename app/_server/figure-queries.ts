import 'server-only';
import { now } from '@/lib/clock';
import { DEFAULT_COMPARISON, type ComparisonPeriod } from '@/lib/comparison-window';
import type { Window } from '@/metrics/dora';
import { computeFiguresOfScopes, getDoraFigures } from '@/metrics/dora';
import { resolveScopesBy } from '@/metrics/figures-of-scopes';
import { getDoraReport, getDoraSeries, getTeamReports, type ScopeParam } from '@/metrics/dora-report';
import { getTeamView } from '@/metrics/team-view';
import type { LoadedScorecards } from '@/scorecards/load-scorecards';
import { getInitiative, listInitiatives } from '@/scorecards/initiatives/get-initiatives';
import { getScorecard } from '@/scorecards/read/get-scorecard';
import { getScorecardImpact, type ImpactOptions } from '@/scorecards/read/get-scorecard-impact';
import { getServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { listServicesWithFigures } from '@/scorecards/read/services-with-figures';
import { getTeamFixes } from '@/scorecards/read/team-fixes';
import { cachedFigures, type FigureQuery } from './figures';

/**
 * The computed answers pages and routes share, each named once: a page and the API asking for
 * the same report read the same cache entry.
 */
export const doraReportQuery = (params: ScopeParam & Window & { compare?: ComparisonPeriod }) => {
  // The default comparison named, so a page and the API asking for the same report share it.
  const request = { ...params, compare: params.compare ?? DEFAULT_COMPARISON };
  return {
    kind: 'dora-report',
    request,
    compute: ({ db, loaded }) => getDoraReport(db, loaded.config, request, request, request.compare),
  } satisfies FigureQuery<unknown>;
};

export const doraSeriesQuery = (params: ScopeParam & Window & { interval: 'week' | 'month' }) =>
  ({
    kind: 'dora-series',
    request: params,
    compute: ({ db, loaded }) => getDoraSeries(db, loaded.config, params, params, params.interval),
  }) satisfies FigureQuery<unknown>;

/** Every team's figures over a window, in one pass over their rollups (the overview's teams table), by slug. */
export const teamFiguresQuery = (window: Window) =>
  ({
    kind: 'team-figures',
    request: { window },
    compute: async ({ db, loaded }) => {
      const scopes = await resolveScopesBy(db, 'team');
      const figures = await computeFiguresOfScopes(db, loaded.config, [...scopes.values()], window);
      return Object.fromEntries([...scopes.keys()].map((slug, i) => [slug, figures[i]!]));
    },
  }) satisfies FigureQuery<unknown>;

/** Every team's report (GET /api/v1/dora?team= for each), by slug, read for all teams at once: the teams page and the period comparison. */
export const teamReportsQuery = (params: Window & { compare?: ComparisonPeriod }) => {
  const request = { ...params, compare: params.compare ?? DEFAULT_COMPARISON };
  return {
    kind: 'team-reports',
    request,
    compute: ({ db, loaded }) => getTeamReports(db, loaded.config, request, request.compare),
  } satisfies FigureQuery<unknown>;
};

export const teamViewQuery = (slug: string, params: Window & { compare?: ComparisonPeriod }) => {
  const request = { ...params, compare: params.compare ?? DEFAULT_COMPARISON, slug };
  return {
    kind: 'team-view',
    request,
    compute: ({ db, loaded }) => getTeamView(db, loaded.config, slug, request, request.compare),
  } satisfies FigureQuery<unknown>;
};

export const scorecardQuery = (scorecards: LoadedScorecards, id: string) =>
  ({
    kind: 'scorecard',
    request: { id },
    compute: ({ db }) => getScorecard(db, scorecards, id),
    inputs: [scorecards.fileHash],
  }) satisfies FigureQuery<unknown>;

export const serviceScorecardQuery = (scorecards: LoadedScorecards, id: string, slug: string) =>
  ({
    kind: 'service-scorecard',
    request: { id, slug },
    compute: ({ db }) => getServiceScorecard(db, scorecards, id, slug),
    inputs: [scorecards.fileHash],
  }) satisfies FigureQuery<unknown>;

export const teamFixesQuery = (scorecards: LoadedScorecards, id: string, team: string) =>
  ({
    kind: 'team-fixes',
    request: { id, team },
    compute: ({ db }) => getTeamFixes(db, scorecards, id, team),
    inputs: [scorecards.fileHash],
  }) satisfies FigureQuery<unknown>;

/** Every initiative's progress as of today (the key's day: `now()` within it reads the same snapshots). */
export const initiativesQuery = (scorecards: LoadedScorecards) =>
  ({
    kind: 'initiatives',
    request: {},
    compute: async ({ db }) => ({ initiatives: await listInitiatives(db, scorecards, { at: now() }) }),
    inputs: [scorecards.fileHash],
  }) satisfies FigureQuery<unknown>;

export const initiativeQuery = (scorecards: LoadedScorecards, id: string, weeks?: number) =>
  ({
    kind: 'initiative',
    request: { id, weeks },
    compute: ({ db }) => getInitiative(db, scorecards, id, { at: now(), weeks }),
    inputs: [scorecards.fileHash],
  }) satisfies FigureQuery<unknown>;

/**
 * The services (one team's, or all; with `first`, the first by name) with their figures, their
 * level on the first scorecard, and which scorecard that is.
 */
export const servicesWithFiguresQuery = (
  scorecards: LoadedScorecards | null,
  window: Window,
  options: { team?: string; first?: number } = {},
) => {
  const card = scorecards?.scorecards[0];
  return {
    kind: 'services-with-figures',
    request: { window, ...options },
    compute: async (context) => ({
      ...(await listServicesWithFigures(context.db, context.loaded.config, window, {
        ...options,
        scorecard: card && scorecards ? cachedFigures(scorecardQuery(scorecards, card.id)) : null,
      })),
      scorecard: card ? { id: card.id, name: card.name, levels: card.levels } : null,
    }),
    inputs: [scorecards?.fileHash ?? 'no scorecards'],
  } satisfies FigureQuery<unknown>;
};

const MINUTE_MS = 60_000;

/**
 * The impact of a scorecard's checks over the window ending now, or over `window` with `team`,
 * `tier` and `level`: whole minutes (`at`), so one answer serves a minute; a pinned clock (`PAVED_NOW`) on a whole minute reads exactly as before.
 */
export const impactQuery = (
  scorecards: LoadedScorecards,
  id: string,
  options: Omit<ImpactOptions, 'metrics' | 'config' | 'at'> = {},
) => {
  const at = new Date(Math.floor(now().getTime() / MINUTE_MS) * MINUTE_MS);
  return {
    kind: 'scorecard-impact',
    request: { ...options, at, id },
    compute: ({ db, loaded }) =>
      getScorecardImpact(db, scorecards, id, { metrics: getDoraFigures, config: loaded.config, at, ...options }),
    inputs: [scorecards.fileHash],
  } satisfies FigureQuery<unknown>;
};
