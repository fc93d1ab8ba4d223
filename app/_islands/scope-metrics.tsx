'use client';

import { TrendGrid } from '@/components/charts/trend-grid';
import { ErrorState, LoadingState } from '@/components/common/states';
import { MetricTile } from '@/components/metrics/metric-tile';
import { metricTiles } from '@/components/metrics/metric-tiles';
import { StageBreakdown } from '@/components/metrics/stage-breakdown';
import { trendSpecs } from '@/components/metrics/trend-series';
import { drillSearch, type DashboardFilters } from '@/lib/filters';
import type { Scope } from '@/lib/query-keys';
import { useDoraQuery } from '@/lib/queries/use-dora-query';
import { useDoraSeriesQuery } from '@/lib/queries/use-dora-series-query';

/** The five metric tiles, optionally the lead-time stages and weekly trends, of one scope. */
export function ScopeMetrics({ scope, filters, stages = false, trends = true }: { scope: Scope; filters: DashboardFilters; stages?: boolean; trends?: boolean }) {
  const w = { from: filters.from, to: filters.to };
  const report = useDoraQuery(scope, w);
  const series = useDoraSeriesQuery(scope, w, 'week');
  const drill = (path: string, extra: Record<string, string> = {}) => `${path}?${drillSearch(w, scope, extra)}`;
  if (report.isError) return <ErrorState message={report.error.message} onRetry={() => void report.refetch()} />;
  if (!report.data) return <LoadingState label="Loading figures" height={200} />;
  return (
    <>
      <div className="tiles tiles-metrics">
        {metricTiles(report.data, series.data?.points ?? [], drill, filters.days).map((t) => <MetricTile key={t.id} {...t} />)}
      </div>
      {stages ? (
        <section className="section" aria-labelledby="stages-heading">
          <h2 id="stages-heading" className="section-title">Where the lead time goes</h2>
          <StageBreakdown stages={report.data.leadTimeForChanges.stages} changes={report.data.leadTimeForChanges.changes} href={drill('/changes')} />
        </section>
      ) : null}
      {trends ? (
        <section className="section" aria-labelledby="trends-heading">
          <h2 id="trends-heading" className="section-title">Weekly trends</h2>
          {series.isError ? <ErrorState message={series.error.message} onRetry={() => void series.refetch()} /> : series.data ? <TrendGrid specs={trendSpecs(series.data.points)} /> : <LoadingState label="Loading trends" height={200} />}
        </section>
      ) : null}
    </>
  );
}
