import type { Db } from '../../db/database';
import type { LoadedScorecards } from '../load-scorecards';
import { computeLevel, decodeState, STATES, type CheckState } from '../states';
import { getSnapshots, latestVersionPerDay } from './snapshots';

/**
 * Daily history of a scorecard between two UTC days: per check version (a changed rule
 * is a new series, flagged), per team and for the organisation. Teams are today's teams.
 * @example await getScorecardHistory(db, scorecards, 'golden-path', { from: '2026-09-01', to: '2026-11-28' })
 */
export async function getScorecardHistory(
  db: Db,
  scorecards: LoadedScorecards,
  id: string,
  range: { from: string; to: string },
) {
  const card = scorecards.scorecards.find((c) => c.id === id);
  if (!card) return null;
  const rows = await getSnapshots(db, id, range);
  const current = new Map(card.checks.map((c) => [c.id, c.definitionHash]));

  const series = new Map<
    string,
    {
      checkId: string;
      definitionHash: string;
      current: boolean;
      points: {
        day: string;
        passing: number;
        applicable: number;
        adoption: number | null;
        states: Record<CheckState, number>;
      }[];
    }
  >();
  for (const row of rows) {
    const key = `${row.checkId}\u0000${row.definitionHash}`;
    if (!series.has(key))
      series.set(key, {
        checkId: row.checkId,
        definitionHash: row.definitionHash,
        current: current.get(row.checkId) === row.definitionHash,
        points: [],
      });
    const decoded = row.codes.map(decodeState);
    const applicable = decoded.filter((d) => d.outcome !== null);
    const passing = applicable.filter((d) => d.outcome === 'pass').length;
    series.get(key)!.points.push({
      day: row.day,
      passing,
      applicable: applicable.length,
      adoption: applicable.length ? passing / applicable.length : null,
      states: Object.fromEntries(STATES.map((s) => [s, decoded.filter((d) => d.state === s).length])) as Record<
        CheckState,
        number
      >,
    });
  }
  const checkSeries = [...series.values()].map((s) => ({
    ...s,
    /** A series that is not the first of its check began when the rule changed. */
    newSeriesAfterRuleChange: [...series.values()].some(
      (o) => o.checkId === s.checkId && o !== s && o.points[0]!.day < s.points[0]!.day,
    ),
  }));

  const teams = await db
    .selectFrom('services')
    .leftJoin('teams', 'teams.id', 'services.team_id')
    .select(['services.id', 'teams.slug as team'])
    .execute();
  const teamOf = new Map(teams.map((t) => [t.id, t.team ?? '(no team)']));
  const days = [...new Set(rows.map((r) => r.day))];
  const daily = latestVersionPerDay(rows);
  const organisation: {
    day: string;
    levelDistribution: Record<string, number>;
    averageScore: number | null;
    passRate: number | null;
  }[] = [];
  const teamSeries = new Map<string, { day: string; passRate: number | null; averageScore: number | null }[]>();
  for (const day of days) {
    const perService = new Map<number, { checkId: string; level: string; weight: number; state: CheckState }[]>();
    for (const row of daily.filter((r) => r.day === day)) {
      row.serviceIds.forEach((serviceId, i) => {
        let cells = perService.get(serviceId);
        if (!cells) perService.set(serviceId, (cells = []));
        cells.push({
          checkId: row.checkId,
          level: row.level,
          weight: row.weight,
          state: decodeState(row.codes[i]!).state,
        });
      });
    }
    const summarise = (ids: number[]) => {
      const levels = ids.map((sid) => computeLevel(card.levels, perService.get(sid)!));
      const scores = levels.map((l) => l.score).filter((s): s is number => s !== null);
      const cells = ids
        .flatMap((sid) => perService.get(sid)!)
        .filter((c) => c.state === 'pass' || c.state === 'fail' || c.state === 'no_data');
      return {
        levels,
        averageScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null,
        passRate: cells.length ? cells.filter((c) => c.state === 'pass').length / cells.length : null,
      };
    };
    const all = summarise([...perService.keys()]);
    const levelDistribution = Object.fromEntries([...card.levels, 'none'].map((l) => [l, 0]));
    for (const l of all.levels) levelDistribution[l.level ?? 'none']! += 1;
    organisation.push({ day, levelDistribution, averageScore: all.averageScore, passRate: all.passRate });
    const byTeam = new Map<string, number[]>();
    for (const sid of perService.keys()) {
      const team = teamOf.get(sid) ?? '(removed service)';
      byTeam.set(team, (byTeam.get(team) ?? []).concat(sid));
    }
    for (const [team, ids] of byTeam) {
      const s = summarise(ids);
      teamSeries.set(team, [
        ...(teamSeries.get(team) ?? []),
        { day, passRate: s.passRate, averageScore: s.averageScore },
      ]);
    }
  }
  return {
    scorecard: { id: card.id, name: card.name, levels: card.levels },
    from: range.from,
    to: range.to,
    checks: checkSeries,
    organisation,
    teams: [...teamSeries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([team, points]) => ({ team, points })),
  };
}

export type ScorecardHistory = NonNullable<Awaited<ReturnType<typeof getScorecardHistory>>>;
