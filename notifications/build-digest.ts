import type { Db } from '../db/database';
import { DAY_MS, lastDays, now } from '../lib/clock';
import type { PavedConfig } from '../lib/config';
import { carry } from '../lib/filters';
import { listTeams } from '../metrics/catalog-views';
import { getDoraReport } from '../metrics/dora-report';
import type { LoadedScorecards } from '../scorecards/load-scorecards';
import { getTeamFixes } from '../scorecards/read/team-fixes';
import { digestInitiatives } from './digest-initiatives';
import { digestTargets } from './digest-targets';
import { metricLine } from './figures';
import { DIGEST_METRICS, type DigestMessage, type Scope } from './message';
import { scorecardChangesSince } from './scorecard-changes';

/** How many of the team's fixes a digest lists (the page lists them all). */
const FIXES_SHOWN = 5;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Where links in messages point: `server.publicUrl`, else `auth.baseUrl`, else paths only. */
export function publicBase(config: PavedConfig): string {
  return (config.server.publicUrl ?? config.auth?.baseUrl ?? '').replace(/\/+$/, '');
}

/** The days a digest due at `at` covers: the last `notifications.periodDays` whole UTC days. */
export function digestPeriod(config: PavedConfig, at: Date) {
  const days = config.notifications?.periodDays ?? 7;
  const window = lastDays(days, at);
  return { window, days, fromDay: day(window.from), toDay: day(new Date(window.to.getTime() - DAY_MS)) };
}

/** The team's name, or the organisation; null for a team that does not exist. */
export async function scopeOf(db: Db, team: string | null): Promise<Scope | null> {
  if (team === null) return { team: null, name: 'The organisation' };
  const [row] = await listTeams(db, { slug: team });
  return row ? { team: row.slug, name: row.name } : null;
}

/**
 * This period's digest of a team (or of the organisation, `team` null): the five metrics over the
 * last `notifications.periodDays` whole UTC days against the days before them, under the coverage
 * and small-sample rules of GET /api/v1/dora (whose figures these are, for the same `from`/`to`
 * days); the targets of its scope over the period (notifications/digest-targets.ts); the
 * initiatives it is behind on, or has work left in (notifications/digest-initiatives.ts); scorecard level changes and checks that newly fail since the period began; the team's
 * "what to fix next"; and links into the dashboard. Null for a team that does not exist.
 */
export async function buildDigest(
  db: Db,
  config: PavedConfig,
  scorecards: LoadedScorecards,
  team: string | null,
  at: Date = now(),
): Promise<DigestMessage | null> {
  const scope = await scopeOf(db, team);
  if (!scope) return null;
  const { window, days, fromDay, toDay } = digestPeriod(config, at);
  const report = await getDoraReport(db, config, team ? { team } : {}, window);
  if (!report) return null;
  const period = { fromDay, toDay, days };
  const previous = {
    fromDay: day(new Date(report.previous.window.from)),
    toDay: day(new Date(Date.parse(report.previous.window.to) - DAY_MS)),
  };
  const card = scorecards.scorecards[0] ?? null;
  const base = publicBase(config);
  const [changes, fixes, targets, initiatives] = await Promise.all([
    card ? scorecardChangesSince(db, card, previous.toDay, team) : null,
    card && team ? getTeamFixes(db, scorecards, card.id, team) : [],
    digestTargets(db, config, team, window),
    digestInitiatives(db, scorecards, team, at, base),
  ]);
  const range = { range: 'custom', fromDay: period.fromDay, toDay: period.toDay };
  return {
    type: 'digest',
    scope,
    period,
    previous,
    metrics: DIGEST_METRICS.map((m) => metricLine(m, report, report.previous, report.comparison[m])),
    targets,
    initiatives,
    scorecard: card ? { id: card.id, name: card.name } : null,
    levelChanges: changes?.levelChanges ?? null,
    newlyFailing: changes?.newlyFailing ?? null,
    fixes: fixes.slice(0, FIXES_SHOWN).map((f) => ({
      checkId: f.checkId,
      name: f.name,
      level: f.level,
      services: f.services.map((s) => s.slug),
      remediation: f.remediation,
    })),
    links: {
      dashboard: base + carry(team ? `/teams/${team}` : '/', range),
      scorecard: card ? `${base}/scorecards/${card.id}` : null,
      preview: `${base}/digests${team ? `?team=${team}` : ''}`,
    },
  };
}
