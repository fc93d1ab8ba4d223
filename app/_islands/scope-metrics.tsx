'use client';

import { ErrorState, LoadingState } from '@/components/common/states';
import { ScopeMetricsView } from '@/components/metrics/scope-metrics-view';
import type { DashboardFilters } from '@/lib/filters';
import type { Scope } from '@/lib/query-keys';
import { useDoraQuery } from '@/app/_queries/use-dora-query';
import { useDoraSeriesQuery } from '@/app/_queries/use-dora-series-query';

/** The five metric tiles, optionally the lead-time stages and weekly trends, of one scope, from react-query. */
export function ScopeMetrics({
  scope,
  filters,
  stages = false,
  trends = true,
}: {
  scope: Scope;
  filters: DashboardFilters;
  stages?: boolean;
  trends?: boolean;
}) {
  const w = { from: filters.from, to: filters.to };
  const report = useDoraQuery(scope, w, filters.compare);
  const series = useDoraSeriesQuery(scope, w, 'week');
  if (report.isError) return <ErrorState message={report.error.message} onRetry={() => void report.refetch()} />;
  if (!report.data) return <LoadingState label="Loading figures" height={200} />;
  return (
    <ScopeMetricsView
      report={report.data}
      series={series.data?.points}
      scope={scope}
      filters={filters}
      stages={stages}
      trends={trends}
      seriesError={
        series.isError ? <ErrorState message={series.error.message} onRetry={() => void series.refetch()} /> : undefined
      }
    />
  );
}
