import Link from 'next/link';
import type { ComparedMetric, Comparisons } from '@/metrics/comparison';
import type { DoraFigures } from '@/metrics/dora';
import type { TargetStatus } from '@/metrics/targets';
import { TargetLine } from './metric-tile';
import { LevelBadge } from '../common/level-badge';
import { formatDuration, formatNumber, formatPercent } from '../common/format';
import { describeMetricChange } from './metric-tiles';

export interface TeamRow {
  slug: string;
  name: string;
  services: number;
  /** The team's pooled figures over the window (a report's current window is enough). */
  dora: DoraFigures | null;
  /** How each figure compares with the compared window (a report's `comparison`), where known. */
  comparison?: Comparisons;
  /** The team's targets, judged over the same window. */
  targets: TargetStatus[];
}

/** A figure's change under the tiles' coverage and small-sample rules (no verdict on too few events). */
function ChangeNote({ comparison, metric }: { comparison?: Comparisons; metric: ComparedMetric }) {
  if (!comparison) return null;
  const change = describeMetricChange(comparison, metric);
  return (
    <span
      className={`small team-change change-${change?.tone ?? 'same'}`}
      data-comparison={comparison[metric].status}
      data-metric={metric}
    >
      {change?.text ?? 'no previous figure'}
    </span>
  );
}

/**
 * Teams with each metric, its level and how it compares with the compared window; every figure
 * links to the rows behind it.
 */
export function TeamsTable({
  rows,
  drill,
  caption,
  link = (path) => path,
}: {
  rows: TeamRow[];
  drill: (path: string, team: string, extra?: Record<string, string>) => string;
  caption: string;
  /** A team page's address with the window the table shows. */
  link?: (path: string) => string;
}) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="teams-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Services
            </th>
            <th scope="col">Deploys / week</th>
            <th scope="col">Lead time (median)</th>
            <th scope="col">Change failure rate</th>
            <th scope="col">Recovery time (median)</th>
            <th scope="col" className="num">
              Rework rate
            </th>
            <th scope="col">Targets</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ slug, name, services, dora: d, comparison: c, targets }) => (
            <tr key={slug} data-team={slug}>
              <th scope="row">
                <Link prefetch={false} href={link(`/teams/${slug}`)}>
                  {name}
                </Link>
              </th>
              <td className="num">{services}</td>
              {d ? (
                <>
                  <td>
                    <Link prefetch={false} href={drill('/deployments', slug)} data-testid="team-deployments">
                      {formatNumber(d.deploymentFrequency.perWeek, 1)}
                    </Link>{' '}
                    <LevelBadge
                      level={d.deploymentFrequency.level}
                      status={d.deploymentFrequency.levelStatus}
                      size="sm"
                    />
                    <ChangeNote comparison={c} metric="deploymentFrequency" />
                  </td>
                  <td>
                    <Link prefetch={false} href={drill('/changes', slug)}>
                      {formatDuration(d.leadTimeForChanges.medianSeconds)}
                    </Link>{' '}
                    <LevelBadge
                      level={d.leadTimeForChanges.level}
                      status={d.leadTimeForChanges.levelStatus}
                      size="sm"
                    />
                    <ChangeNote comparison={c} metric="leadTimeForChanges" />
                  </td>
                  <td>
                    <Link
                      prefetch={false}
                      href={drill('/deployments', slug, { failed: 'true' })}
                      data-testid="team-failed"
                    >
                      {formatPercent(d.changeFailureRate.rate)}
                    </Link>{' '}
                    <span className="muted small">
                      ({d.changeFailureRate.failedDeployments}/{d.changeFailureRate.deployments})
                    </span>{' '}
                    <LevelBadge level={d.changeFailureRate.level} status={d.changeFailureRate.levelStatus} size="sm" />
                    <ChangeNote comparison={c} metric="changeFailureRate" />
                  </td>
                  <td>
                    <Link prefetch={false} href={drill('/deployments', slug, { failed: 'true' })}>
                      {formatDuration(d.failedDeploymentRecoveryTime.medianSeconds)}
                    </Link>{' '}
                    <LevelBadge
                      level={d.failedDeploymentRecoveryTime.level}
                      status={d.failedDeploymentRecoveryTime.levelStatus}
                      size="sm"
                    />
                    <ChangeNote comparison={c} metric="failedDeploymentRecoveryTime" />
                  </td>
                  <td className="num">
                    <Link prefetch={false} href={drill('/deployments', slug)}>
                      {formatPercent(d.reworkRate.rate)}
                    </Link>
                    <ChangeNote comparison={c} metric="reworkRate" />
                  </td>
                  <td data-testid="team-targets">
                    {targets.length === 0 ? (
                      <span className="muted small">None set</span>
                    ) : (
                      <ul className="tile-targets">
                        {targets.map((t) => (
                          <li key={t.id} data-target={t.id} data-status={t.status} title={t.reason}>
                            <TargetLine target={t} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </>
              ) : (
                <td colSpan={6} className="muted">
                  Loading…
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
