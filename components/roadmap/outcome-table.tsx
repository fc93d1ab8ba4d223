import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import { countOf, formatDuration, formatNumber, formatPercent } from '../common/format';
import { ConfoundingNote } from './confounding-note';
import { GapText } from './gap-text';

type Check = ScorecardImpact['checks'][number];

/** Passing versus failing services of a check over the impact window, outcome by outcome. */
export function OutcomeTable({ check }: { check: Check }) {
  const { passing: p, failing: f, gaps } = check.outcomes;
  const rows = [
    {
      key: 'leadTime',
      label: 'Lead time (median)',
      p: `${formatDuration(p.leadTime.medianSeconds)} (${countOf(p.leadTime.changes, 'change')})`,
      f: `${formatDuration(f.leadTime.medianSeconds)} (${countOf(f.leadTime.changes, 'change')})`,
      gap: gaps.leadTime,
    },
    {
      key: 'changeFailureRate',
      label: 'Change failure rate',
      p: `${formatPercent(p.changeFailureRate.rate)} of ${formatNumber(p.changeFailureRate.deployments)}`,
      f: `${formatPercent(f.changeFailureRate.rate)} of ${formatNumber(f.changeFailureRate.deployments)}`,
      gap: gaps.changeFailureRate,
    },
    {
      key: 'deploymentFrequency',
      label: 'Deploys / week / service',
      p: formatNumber(p.deploymentFrequency.perWeekPerService, 1),
      f: formatNumber(f.deploymentFrequency.perWeekPerService, 1),
      gap: gaps.deploymentFrequency,
    },
    {
      key: 'recoveryTime',
      label: 'Recovery time (median)',
      p: `${formatDuration(p.recoveryTime.medianSeconds)} (${countOf(p.recoveryTime.recovered, 'recovery', 'recoveries')})`,
      f: `${formatDuration(f.recoveryTime.medianSeconds)} (${countOf(f.recoveryTime.recovered, 'recovery', 'recoveries')})`,
      gap: gaps.recoveryTime,
    },
  ] as const;
  return (
    // Its own scrolling frame: on a phone the table scrolls, not the page.
    <div className="table-wrap">
      <table className="table compact outcome-table">
        <caption>
          Outcomes {check.outcomes.window.from.slice(0, 10)} to {check.outcomes.window.to.slice(0, 10)}; the gap is how
          much better passing services do.
        </caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Passing ({p.services} services)</th>
            <th scope="col">Failing ({f.services} services)</th>
            <th scope="col" className="num">
              Gap
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.p}</td>
              <td>{r.f}</td>
              <td className="num">
                {check.notCompared.includes(r.key) ? (
                  <span className="muted" data-testid="not-compared">
                    not compared: the rule reads it
                  </span>
                ) : (
                  <GapText gap={r.gap} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfoundingNote outcomes={check.outcomes} />
    </div>
  );
}
