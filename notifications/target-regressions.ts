import type { Db } from '../db/database';
import { lastDays } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { carry } from '../lib/filters';
import { DEFAULT_WINDOW_DAYS } from '../lib/window';
import { listServices } from '../metrics/catalog-views';
import { judgeTargetsWhere } from '../metrics/list-targets';
import type { TargetStatus } from '../metrics/targets';
import { publicBase } from './build-digest';
import { channelsFor } from './channels';
import type { Observation } from './regressions';

/** The team whose channels hear about a target: the team's own, a service's owner, none for the organisation's. */
const teamOf = (scope: TargetStatus['scope'], owners: ReadonlyMap<string, string | null>) =>
  scope.type === 'organisation' || scope.slug === null
    ? null
    : scope.type === 'team'
      ? scope.slug
      : (owners.get(scope.slug) ?? null);

/**
 * Each target in force whose team (or the organisation) has an alert channel, judged over the
 * dashboard's default window (the last 90 whole days, what GET /api/v1/targets answers without
 * from/to) by the one evaluator (judgeTargets). Going from on track to off track is the alert.
 * "Not enough data" is not observed, so the last judged state stays the baseline: on track, then
 * too few events, then off track is still one alert. Back on track re-arms it (the baseline moves,
 * and the next off track has another `since`, so another key).
 */
export async function targetObservations(
  db: Db,
  config: PavedConfig,
  names: ReadonlyMap<string, string>,
  at: Date,
): Promise<Observation[]> {
  const owners = new Map((await listServices(db)).map((s) => [s.slug, s.team?.slug ?? null]));
  const alerted = (team: string | null) => channelsFor(config.notifications, team, 'alert').length > 0;
  const window = lastDays(DEFAULT_WINDOW_DAYS, at);
  const { targets } = await judgeTargetsWhere(db, config, window, (scope) => alerted(teamOf(scope, owners)));
  const base = publicBase(config);
  return targets
    .filter((t) => t.status !== 'not_enough_data')
    .map((t) => {
      const team = teamOf(t.scope, owners);
      return {
        subject: `target:${t.id}`,
        value: t.status,
        team,
        regression: (before) =>
          before === 'on_track' && t.status === 'off_track' ? offTrackAlert(t, team, names, base) : null,
      };
    });
}

function offTrackAlert(t: TargetStatus, team: string | null, names: ReadonlyMap<string, string>, base: string) {
  const owner =
    t.scope.type === 'organisation'
      ? 'The organisation'
      : t.scope.type === 'team'
        ? (names.get(t.scope.slug!) ?? t.scope.slug!)
        : t.scope.slug!;
  const path =
    t.scope.type === 'organisation'
      ? '/'
      : t.scope.type === 'team'
        ? `/teams/${t.scope.slug}`
        : `/services/${t.scope.slug}`;
  return {
    kind: 'target-off-track' as const,
    scope: { team, name: team ? (names.get(team) ?? team) : 'The organisation' },
    title: `${owner}: target ${t.goal} is off track`,
    detail: `${t.reason[0]!.toUpperCase()}${t.reason.slice(1)}, ${t.sample} events; it was on track at the last sync${
      t.due ? `. Due ${t.due}${t.overdue ? ' (past due)' : ''}` : ''
    }.`,
    link: base + carry(path, {}),
  };
}
