import type { Db } from '../db/database';
import { lastDays } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { carry } from '../lib/filters';
import { DEFAULT_WINDOW_DAYS } from '../lib/window';
import { listTeams } from '../metrics/catalog-views';
import { COMPARED } from '../metrics/comparison';
import { LEVELS, METRICS, type Level } from '../metrics/definitions';
import { getDoraFigures } from '../metrics/dora';
import type { LoadedScorecards } from '../scorecards/load-scorecards';
import { getCurrentResults, levelsByService } from '../scorecards/read/current-results';
import { publicBase } from './build-digest';
import { channelsFor } from './channels';
import { formatFigure } from './figures';
import type { AlertMessage, DigestMetric } from './message';
import { targetObservations } from './target-regressions';

/** The metrics with DORA levels: a drop of a level is an alert. */
const LEVELLED: readonly DigestMetric[] = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'failedDeploymentRecoveryTime',
];

/** One watched state now: its subject (the baseline's key), value, and what to say if it regressed. */
export interface Observation {
  subject: string;
  value: string;
  team: string | null;
  /** Whether going from `before` to this value is a regression, and the alert that says so. */
  regression: (before: string) => Omit<AlertMessage, 'type'> | null;
}

export interface Regression {
  key: string;
  team: string | null;
  message: AlertMessage;
}

/** The alert for each observation that regressed from its baseline; a subject seen first is only recorded. */
export function findRegressions(
  observations: readonly Observation[],
  baselines: ReadonlyMap<string, { value: string; since: Date }>,
): Regression[] {
  const out: Regression[] = [];
  for (const o of observations) {
    const before = baselines.get(o.subject);
    if (!before || before.value === o.value) continue;
    const alert = o.regression(before.value);
    // The baseline's `since` makes a later, separate drop of the same kind a new alert.
    if (alert)
      out.push({
        key: `alert:${o.subject}:${before.value}->${o.value}:${before.since.toISOString()}`,
        team: o.team,
        message: { type: 'alert', ...alert },
      });
  }
  return out;
}

const levelRank = (level: string) => LEVELS.indexOf(level as Level);

/**
 * DORA levels of the organisation and of each team with an alert channel, over the dashboard's
 * default window (the last 90 whole days, what GET /api/v1/dora answers without from/to). A
 * figure without a level (too few events) is not observed, so its last level stays the baseline.
 */
async function doraObservations(
  db: Db,
  config: PavedConfig,
  names: ReadonlyMap<string, string>,
  at: Date,
): Promise<Observation[]> {
  const window = lastDays(DEFAULT_WINDOW_DAYS, at);
  const base = publicBase(config);
  const scopes = [null, ...names.keys()].filter((team) => channelsFor(config.notifications, team, 'alert').length > 0);
  const out: Observation[] = [];
  for (const team of scopes) {
    const figures = await getDoraFigures(
      db,
      config,
      team ? { type: 'team', slug: team } : { type: 'organisation' },
      window,
    );
    const scopeName = team ? (names.get(team) ?? team) : 'The organisation';
    for (const metric of LEVELLED) {
      const level = (figures[metric] as { level: Level | null }).level;
      if (level === null) continue;
      const name = METRICS.find((m) => m.id === metric)!.name;
      const value = COMPARED[metric].value(figures);
      const sample = COMPARED[metric].sample(figures);
      out.push({
        subject: `dora:${team ?? '*'}:${metric}`,
        value: level,
        team,
        regression: (before) =>
          levelRank(level) > levelRank(before)
            ? {
                kind: 'dora-level',
                scope: { team, name: scopeName },
                title: `${scopeName}: ${name.toLowerCase()} dropped from ${before} to ${level}`,
                detail: `${name} of ${scopeName} is ${formatFigure(metric, value)} over the last ${DEFAULT_WINDOW_DAYS} days (${sample} events), now ${level} (was ${before}).`,
                link: base + carry(team ? `/teams/${team}` : '/', {}),
              }
            : null,
      });
    }
  }
  return out;
}

/** Each service's level on each scorecard, and each check's state, from the latest evaluation. */
async function scorecardObservations(
  db: Db,
  config: PavedConfig,
  names: ReadonlyMap<string, string>,
  scorecards: LoadedScorecards,
): Promise<Observation[]> {
  const base = publicBase(config);
  const scopeOf = (team: string | null) => ({ team, name: team ? (names.get(team) ?? team) : 'No team' });
  const out: Observation[] = [];
  for (const card of scorecards.scorecards) {
    const results = await getCurrentResults(db, card.id);
    const rank = (level: string) => (level === 'none' ? -1 : card.levels.indexOf(level));
    for (const s of levelsByService(card, results)) {
      const level = s.level ?? 'none';
      out.push({
        subject: `level:${card.id}:${s.slug}`,
        value: level,
        team: s.team,
        regression: (before) =>
          rank(level) < rank(before)
            ? {
                kind: 'scorecard-level',
                scope: scopeOf(s.team),
                title: `${s.name} lost ${card.name} level ${before}`,
                detail: `${s.name} is now ${level === 'none' ? 'below every level' : `at ${level}`} on ${card.name} (was ${before})${
                  s.blocking.length ? `; keeping it from ${s.nextLevel}: ${s.blocking.join(', ')}` : ''
                }.`,
                link: `${base}/services/${s.slug}`,
              }
            : null,
      });
    }
    const checks = new Map(card.checks.map((c) => [c.id, c]));
    for (const r of results) {
      const check = checks.get(r.checkId);
      if (!check) continue;
      out.push({
        subject: `check:${card.id}:${r.checkId}:${r.slug}`,
        value: r.state,
        team: r.team,
        regression: (before) =>
          before === 'pass' && r.state === 'fail'
            ? {
                kind: 'check-failing',
                scope: scopeOf(r.team),
                title: `${r.name} now fails “${check.name}”`,
                detail: `“${check.name}” (${card.name}, ${check.level}) passed for ${r.name} and now fails: ${r.reason}`,
                link: `${base}/services/${r.slug}`,
              }
            : null,
      });
    }
  }
  return out;
}

/** Everything regression alerts watch, as of now. */
export async function observe(
  db: Db,
  config: PavedConfig,
  scorecards: LoadedScorecards,
  at: Date,
): Promise<Observation[]> {
  const names = new Map((await listTeams(db)).map((t) => [t.slug, t.name]));
  return [
    ...(await doraObservations(db, config, names, at)),
    ...(await targetObservations(db, config, names, at)),
    ...(await scorecardObservations(db, config, names, scorecards)),
  ];
}
