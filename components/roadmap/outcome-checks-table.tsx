import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { GapText } from './gap-text';

const OUTCOME_NAMES: Record<string, string> = {
  leadTime: 'lead time',
  changeFailureRate: 'change failure rate',
  deploymentFrequency: 'deployment frequency',
  recoveryTime: 'recovery time',
};

/** Checks whose rule reads delivery metrics: listed apart from the ranking, with what they read and why. */
export function OutcomeChecksTable({ impact }: { impact: ScorecardImpact }) {
  const byId = new Map(impact.checks.map((c) => [c.checkId, c]));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="outcome-checks-table">
        <caption>Not ranked: passing these checks is the outcome itself.</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Reads</th>
            <th scope="col" className="num">
              Failing
            </th>
            <th scope="col" className="num">
              Adoption
            </th>
            <th scope="col">Not compared on</th>
            <th scope="col" className="num">
              Gap on the rest
            </th>
          </tr>
        </thead>
        <tbody>
          {impact.outcomeChecks.checks.map((o) => {
            const c = byId.get(o.checkId);
            return (
              <tr key={o.checkId} data-check={o.checkId}>
                <th scope="row">
                  <a href={`#check-${o.checkId}`}>{o.name}</a> <span className="muted small">{c?.level}</span>
                </th>
                <td className="small">
                  {o.reads.map((m) => (
                    <code key={m}>{m} </code>
                  ))}
                </td>
                <td className="num">{o.failing}</td>
                <td className="num">
                  {c?.adoption.rate === null || !c ? '—' : `${Math.round(c.adoption.rate * 100)}%`}
                </td>
                <td className="small">{o.notCompared.map((n) => OUTCOME_NAMES[n]).join(', ') || 'none of the four'}</td>
                <td className="num">
                  <GapText gap={o.gaps.overall} missing="—" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
