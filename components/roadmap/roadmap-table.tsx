import Link from 'next/link';
import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { formatNumber } from '../common/format';
import { GapText } from './gap-text';

/** The roadmap: practice checks ranked by services failing × how much better passing services deliver. */
export function RoadmapTable({ impact }: { impact: ScorecardImpact }) {
  const byId = new Map(impact.checks.map((c) => [c.checkId, c]));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="roadmap-table">
        <caption>
          Priority = services still failing × the mean outcome gap (docs/scorecards.md). Checks without enough data rank
          last. Outcome checks are listed apart, below.
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Check</th>
            <th scope="col" className="num">
              Failing
            </th>
            <th scope="col" className="num">
              Adoption
            </th>
            <th scope="col" className="num">
              Gap
            </th>
            <th scope="col" className="num">
              Within teams / tiers
            </th>
            <th scope="col" className="num">
              Priority
            </th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {impact.roadmap.map((r) => {
            const c = byId.get(r.checkId);
            return (
              <tr key={r.checkId} data-check={r.checkId}>
                <td className="num">{r.rank}</td>
                <th scope="row">
                  <a href={`#check-${r.checkId}`}>{r.name}</a> <span className="muted small">{c?.level}</span>
                  {c?.outcomes.warning ? (
                    <>
                      {' '}
                      <span className="pill pill-bad" data-testid="roadmap-confounded" title={c.outcomes.warning}>
                        groups differ by team or tier
                      </span>
                    </>
                  ) : null}
                </th>
                <td className="num">
                  {r.failing > 0 ? (
                    <Link
                      prefetch={false}
                      data-testid="roadmap-failing"
                      href={`/scorecards/${impact.scorecard.id}?check=${r.checkId}&outcome=fail#failing`}
                    >
                      {r.failing}
                    </Link>
                  ) : (
                    <span data-testid="roadmap-failing">0</span>
                  )}
                  {c && c.adoption.noData > 0 ? (
                    <>
                      {' '}
                      <Link
                        prefetch={false}
                        className="muted small"
                        data-testid="roadmap-no-data"
                        href={`/scorecards/${impact.scorecard.id}?check=${r.checkId}&outcome=no_data#failing`}
                        aria-label={`${c.adoption.noData} without data`}
                      >
                        +{c.adoption.noData} no data
                      </Link>
                    </>
                  ) : null}
                </td>
                <td className="num">
                  {c?.adoption.rate === null || !c ? '—' : `${Math.round(c.adoption.rate * 100)}%`}
                </td>
                <td className="num">{r.gaps.overall === null ? '—' : `${Math.round(r.gaps.overall * 100)}%`}</td>
                <td className="num small">
                  <GapText gap={c?.outcomes.stratified.team.gaps.overall ?? null} missing="—" /> /{' '}
                  <GapText gap={c?.outcomes.stratified.tier.gaps.overall ?? null} missing="—" />
                </td>
                <td className="num">
                  <strong>{r.priority === null ? '—' : formatNumber(r.priority, 2)}</strong>
                </td>
                <td className="small">{r.note}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
