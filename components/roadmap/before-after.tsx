import type { ReactNode } from 'react';
import type { ScorecardImpact } from '@/scorecards/read/get-scorecard-impact';
import type { BeforeAfterRow } from '../charts/before-after-chart';
import { verdict, VERDICT_CLASS } from '../charts/before-after-verdict';
import { formatDuration, formatNumber, formatPercent } from '../common/format';

type Summary = ScorecardImpact['checks'][number]['beforeAfter']['summary'];

/** The chart rows of a before/after summary: outcomes measured on both sides only. */
export function beforeAfterRows(s: Summary): BeforeAfterRow[] {
  const pick = (
    outcome: string,
    v: { medianBefore: number | null; medianAfter: number | null },
    unit: string,
    better: BeforeAfterRow['better'],
  ) =>
    v.medianBefore === null || v.medianAfter === null
      ? []
      : [{ outcome, before: v.medianBefore, after: v.medianAfter, unit, better }];
  return [
    ...pick('Lead time', s.leadTimeSeconds, 's', 'lower'),
    ...pick('Failure rate', s.changeFailureRate, 'ratio', 'lower'),
    ...pick('Deploys/week', s.deploymentsPerWeek, '/week', 'higher'),
    ...pick('Recovery', s.recoveryTimeSeconds, 's', 'lower'),
  ];
}

/** Before versus after for services that started passing: a table, and the chart passed in. */
export function BeforeAfterPanel({
  check,
  weeks,
  chart,
}: {
  check: ScorecardImpact['checks'][number];
  weeks: number;
  chart: ReactNode;
}) {
  const s = check.beforeAfter.summary;
  if (check.beforeAfter.services.length === 0) {
    return (
      <p className="muted small">
        No service has started passing with {weeks} weeks of history on both sides yet, so there is no before/after
        comparison.
      </p>
    );
  }
  const rows = [
    { label: 'Lead time (median)', v: s.leadTimeSeconds, f: formatDuration, better: 'lower' },
    {
      label: 'Change failure rate',
      v: s.changeFailureRate,
      f: (x: number | null) => formatPercent(x),
      better: 'lower',
    },
    { label: 'Deploys / week', v: s.deploymentsPerWeek, f: (x: number | null) => formatNumber(x, 1), better: 'higher' },
    { label: 'Recovery time (median)', v: s.recoveryTimeSeconds, f: formatDuration, better: 'lower' },
  ] as const;
  const afterClass = (r: (typeof rows)[number]) =>
    r.v.medianBefore === null || r.v.medianAfter === null
      ? undefined
      : VERDICT_CLASS[verdict({ before: r.v.medianBefore, after: r.v.medianAfter, better: r.better })] || undefined;
  return (
    <div>
      {chart}
      <table className="table compact">
        <caption>
          {check.beforeAfter.services.length === 1
            ? '1 service that started passing'
            : `${check.beforeAfter.services.length} services that started passing`}
          : medians {weeks} weeks before versus after.
        </caption>
        <thead>
          <tr>
            <th scope="col">Outcome</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
            <th scope="col" className="num">
              Services
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {r.v.reason ? (
                // Below the minimum sample: the reason instead of figures (docs/scorecards.md).
                <td colSpan={2} className="muted small" data-testid="before-after-too-few" title={r.v.reason}>
                  {r.v.reason}
                </td>
              ) : (
                <>
                  <td>{r.f(r.v.medianBefore)}</td>
                  <td className={afterClass(r)}>{r.f(r.v.medianAfter)}</td>
                </>
              )}
              <td className="num">{r.v.services}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
