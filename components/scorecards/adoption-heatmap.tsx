import Link from 'next/link';
import type { ScorecardDetail } from '@/scorecards/read/get-scorecard';

/**
 * Buckets of pass rate; the cell always shows the numbers, colour only groups them. The
 * band is chosen from the whole percentage shown, so a cell reading 70% is never coloured 40–69%.
 */
export function rateClass(exact: number | null): string {
  if (exact === null) return 'heat-na';
  const rate = Math.round(exact * 100) / 100;
  if (rate >= 0.9) return 'heat-elite';
  if (rate >= 0.7) return 'heat-high';
  if (rate >= 0.4) return 'heat-medium';
  return 'heat-low';
}

/**
 * Checks × teams, each cell the team's adoption of the check (passing ÷ applicable). A cell
 * with failures links to the list of those services.
 */
export function AdoptionHeatmap({
  card,
  teamNames,
  cellHref,
  selected,
}: {
  card: ScorecardDetail;
  teamNames: Record<string, string>;
  cellHref: (check: string, team: string) => string;
  selected: { check?: string; team?: string };
}) {
  const teams = card.teams.map((t) => t.team);
  return (
    <div className="table-wrap">
      <table className="table heatmap" data-testid="adoption-heatmap">
        <caption>
          Adoption per check and team: services passing ÷ services the check applies to. Select a cell to list the
          services not passing.
        </caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            {teams.map((t) => (
              <th key={t} scope="col">
                {teamNames[t] ?? t}
              </th>
            ))}
            <th scope="col">All</th>
          </tr>
        </thead>
        <tbody>
          {card.checks.map((check) => (
            <tr key={check.id} data-check={check.id}>
              <th scope="row">
                {check.name} <span className="muted small">{check.level}</span>
              </th>
              {check.byTeam.map((cell) => {
                // A check not enforced yet is nobody's failure: its cells say when it starts.
                if (cell.applicable === 0 && cell.upcoming > 0)
                  return (
                    <td key={cell.team} className="heat-na" data-team={cell.team} data-upcoming="true">
                      <span className="cell" title={`${cell.upcoming} services; not enforced yet`}>
                        from {check.enforcedFrom}
                      </span>
                    </td>
                  );
                const text = cell.applicable === 0 ? 'n/a' : `${cell.passing}/${cell.applicable}`;
                const isSelected = selected.check === check.id && selected.team === cell.team;
                return (
                  <td
                    key={cell.team}
                    className={rateClass(cell.rate)}
                    data-team={cell.team}
                    data-selected={isSelected || undefined}
                  >
                    {cell.applicable > cell.passing ? (
                      <Link href={cellHref(check.id, cell.team)} aria-current={isSelected ? 'true' : undefined}>
                        {text}
                        <span className="sr-only">
                          {' '}
                          pass {check.name} in {teamNames[cell.team] ?? cell.team}: list the others
                        </span>
                      </Link>
                    ) : (
                      <span className="cell" title={cell.applicable ? 'all pass' : 'does not apply'}>
                        {text}
                      </span>
                    )}
                  </td>
                );
              })}
              <td className={rateClass(check.adoption.rate)}>
                <span className="cell">
                  <strong>
                    {check.adoption.rate !== null
                      ? `${Math.round(check.adoption.rate * 100)}%`
                      : check.adoption.upcoming > 0
                        ? 'upcoming'
                        : 'n/a'}
                  </strong>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="stacked-legend heat-legend" aria-label="Colour key">
        <li>
          <span className="swatch heat-elite" />≥ 90% pass
        </li>
        <li>
          <span className="swatch heat-high" />
          70–89%
        </li>
        <li>
          <span className="swatch heat-medium" />
          40–69%
        </li>
        <li>
          <span className="swatch heat-low" />
          &lt; 40%
        </li>
        <li>
          <span className="swatch heat-na" />
          does not apply
        </li>
      </ul>
    </div>
  );
}
