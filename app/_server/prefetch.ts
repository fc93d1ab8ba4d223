import 'server-only';
import type { QueryClient } from '@tanstack/react-query';
import type { Db } from '@/db/database';
import type { PavedConfig } from '@/lib/config';
import type { DashboardFilters } from '@/lib/filters';
import { encodeCursor } from '@/lib/params';
import { ALL_DEPLOYMENTS, queryKeys, type Scope } from '@/lib/query-keys';
import { listDeployments } from '@/metrics/list-deployments';
import { listIncidents } from '@/metrics/list-incidents';
import type { ResolvedScope } from '@/metrics/scope';
import { doraReportQuery, doraSeriesQuery } from './figure-queries';
import { cachedFigures } from './figures';

const FIRST = { limit: 50, after: null };
/** The service page shows a short list of recent deployments; the list page shows more. */
export const EMBEDDED_DEPLOYMENTS = 10;
const param = (scope: Scope) => ({ team: scope.team ?? undefined, service: scope.service ?? undefined });
const win = (f: DashboardFilters) => ({ from: new Date(f.from), to: new Date(f.to) });

/**
 * A scope's report and weekly series under the hooks' keys (from the figures cache, under the
 * keys GET /api/v1/dora and /dora/series use); the report, or null for an unknown scope.
 */
export async function prefetchScopeMetrics(client: QueryClient, scope: Scope, f: DashboardFilters) {
  const [report, series] = await Promise.all([
    cachedFigures(doraReportQuery({ ...param(scope), ...win(f), compare: f.compare })),
    cachedFigures(doraSeriesQuery({ ...param(scope), ...win(f), interval: 'week' })),
  ]);
  const w = { from: f.from, to: f.to };
  if (report) client.setQueryData(queryKeys.dora(scope, w, f.compare), report);
  if (series) client.setQueryData(queryKeys.doraSeries(scope, w, 'week'), series);
  return report;
}

/** The first pages of a scope's deployments and incidents, as the infinite queries hold them. */
export async function prefetchActivity(
  client: QueryClient,
  db: Db,
  config: PavedConfig,
  scope: Scope,
  resolved: ResolvedScope,
  f: DashboardFilters,
) {
  const [deployments, incidents] = await Promise.all([
    listDeployments(db, config, resolved, win(f), {}, { limit: EMBEDDED_DEPLOYMENTS, after: null }),
    listIncidents(db, config, resolved, win(f), FIRST),
  ]);
  const w = { from: f.from, to: f.to };
  const page = (p: { items: unknown[]; next: (string | number)[] | null }) => ({
    pages: [{ items: p.items, nextCursor: p.next ? encodeCursor(p.next) : null }],
    pageParams: [null],
  });
  client.setQueryData(queryKeys.deployments(scope, w, ALL_DEPLOYMENTS, EMBEDDED_DEPLOYMENTS), page(deployments));
  client.setQueryData(queryKeys.incidents(scope, w), page(incidents));
}
