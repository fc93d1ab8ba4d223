import type { ReactNode } from 'react';
import { TrendGrid } from '../charts/trend-grid';
import { countOf } from '../common/format';
import { LoadingState } from '../common/states';
import { comparedWindowName, drillSearch, type DashboardFilters } from '@/lib/filters';
import type { Scope } from '@/lib/query-keys';
import type { DoraReport } from '@/metrics/dora-report';
import { MetricTile } from './metric-tile';
import { metricTiles } from './metric-tiles';
import { StageBreakdown } from './stage-breakdown';
import { trendSpecs, type ComparedWindow } from './trend-series';

type SeriesPoints = Parameters<typeof metricTiles>[1];

/** The compared window for the trend charts' dashed lines: its figures and each metric's comparison status. */
function comparedWindow(report: DoraReport, filters: DashboardFilters): ComparedWindow {
  const status = Object.fromEntries(
    Object.entries(report.comparison).map(([metric, c]) => [metric, c.status]),
  ) as ComparedWindow['status'];
  return {
    figures: report.previous,
    status,
    label: comparedWindowName({ compare: report.previous.compare, days: filters.days }),
  };
}

/** Says how many services have no incident source, and what that leaves out (docs/metrics.md). */
function IncidentSourceNote({ sources }: { sources: DoraReport['incidentSources'] }) {
  const { services, withoutIncidentSource: without } = sources;
  if (without === 0) return null;
  const who =
    services === 1
      ? 'This service has'
      : `${without} of ${countOf(services, 'service')} ${without === 1 ? 'has' : 'have'}`;
  return (
    <p className="muted small" data-testid="incident-source-note">
      {who} no incident source (no PagerDuty service): {services === 1 ? 'its' : 'their'} change failure rate counts
      rollbacks and reverts only{services === without ? ', with no DORA level,' : ''} and{' '}
      {services === 1 ? 'it has' : 'they have'} no recovery or restore times.
    </p>
  );
}

/**
 * The five metric tiles of a scope, optionally its lead-time stages and weekly trends. No hooks:
 * the overview renders it on the server from the figures it computed, the team and service
 * pages inside their client island (`app/_islands/scope-metrics.tsx`) from react-query.
 * `series: undefined` means the series is still loading; `trends` is then a placeholder.
 */
export function ScopeMetricsView({
  report,
  series,
  scope,
  filters,
  stages = false,
  trends = true,
  seriesError,
}: {
  report: DoraReport;
  series: SeriesPoints | undefined;
  scope: Scope;
  filters: DashboardFilters;
  stages?: boolean;
  trends?: boolean;
  seriesError?: ReactNode;
}) {
  const w = { from: filters.from, to: filters.to, compare: filters.compare };
  const drill = (path: string, extra: Record<string, string> = {}) => `${path}?${drillSearch(w, scope, extra)}`;
  return (
    <>
      <div className="tiles tiles-metrics">
        {metricTiles(report, series ?? [], drill, filters.days).map((t) => (
          <MetricTile key={t.id} {...t} />
        ))}
      </div>
      <IncidentSourceNote sources={report.incidentSources} />
      {report.incidentOverrides > 0 ? (
        <p className="muted small" data-testid="override-note">
          {countOf(report.incidentOverrides, 'incident')} in this window{' '}
          {report.incidentOverrides === 1 ? 'has its' : 'have their'} attribution corrected by hand; the figures follow
          the corrections (<a href={drill('/incidents')}>see the incidents</a>).
        </p>
      ) : null}
      {stages ? (
        <section className="section" aria-labelledby="stages-heading">
          <h2 id="stages-heading" className="section-title">
            Where the lead time goes
          </h2>
          <StageBreakdown
            stages={report.leadTimeForChanges.stages}
            changes={report.leadTimeForChanges.changes}
            href={drill('/changes')}
          />
        </section>
      ) : null}
      {trends ? (
        <section className="section deferred-render" aria-labelledby="trends-heading">
          <h2 id="trends-heading" className="section-title">
            Weekly trends
          </h2>
          {seriesError ??
            (series ? (
              <TrendGrid specs={trendSpecs(series, comparedWindow(report, filters), report.targets)} />
            ) : (
              <LoadingState label="Loading trends" height={200} />
            ))}
        </section>
      ) : null}
    </>
  );
}
