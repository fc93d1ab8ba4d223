import type { ServiceScorecard } from '@/scorecards/read/get-service-scorecard';
import { formatPercent } from '../common/format';
import { InlineMarkdown } from '../common/inline-markdown';
import { CheckState } from './check-state';

/** A service's results on one scorecard: level, score, what blocks the next level, every check with reason and remediation. */
export function ServiceResults({ card }: { card: ServiceScorecard }) {
  const order = (s: string | null) =>
    ['fail', 'no_data', 'exempt', 'upcoming', 'pass', 'not_applicable'].indexOf(s ?? 'no_data');
  const results = [...card.results].sort(
    (a, b) =>
      order(a.state) - order(b.state) ||
      card.scorecard.levels.indexOf(a.level) - card.scorecard.levels.indexOf(b.level),
  );
  const byId = new Map(card.results.map((r) => [r.checkId, r.name]));
  return (
    <div className="panel" data-testid={`scorecard-${card.scorecard.id}`}>
      <div className="section-head">
        <h3>{card.scorecard.name}</h3>
        <p className="small">
          Level <strong data-testid="service-level">{card.level ?? 'none'}</strong> · score{' '}
          <strong>{formatPercent(card.score, 0)}</strong>
          {card.evaluatedAt ? (
            <span className="muted"> · evaluated {card.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC</span>
          ) : null}
        </p>
      </div>
      {card.nextLevel ? (
        <p className="callout">
          To reach <strong>{card.nextLevel}</strong>:{' '}
          {card.blocking.map((id) => byId.get(id) ?? id).join(', ') || 'nothing blocks it'}.
        </p>
      ) : (
        <p className="muted small">Highest level reached.</p>
      )}
      <div className="table-wrap">
        <table className="table">
          <caption>Checks, failing first, with the reason and how to fix each.</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col">Reason</th>
              <th scope="col">How to fix</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.checkId} data-check={r.checkId} data-state={r.state ?? ''}>
                <th scope="row">
                  {r.name}{' '}
                  <span className="muted small">
                    {r.level}
                    {r.category ? ` · ${r.category}` : ''}
                  </span>
                </th>
                <td>
                  <CheckState state={r.state} />
                </td>
                <td className="small">
                  {r.reason}
                  {r.exemption ? (
                    <>
                      <br />
                      <span className="muted">
                        Exempt until {r.exemption.expires}: {r.exemption.reason}
                      </span>
                    </>
                  ) : null}
                </td>
                <td className="small">
                  {r.state === 'pass' || r.state === 'not_applicable' ? (
                    <span className="muted">—</span>
                  ) : (
                    <InlineMarkdown text={r.remediation} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
