/**
 * Every react-query key, built in one place and hierarchical so prefix invalidation works
 * (`['dora']` invalidates every DORA figure). Inputs are the API's own parameters.
 */
/** Which deployments a list shows: null is either way. */
export type DeploymentsFilter = { failed: boolean | null; rework: boolean | null };
export const ALL_DEPLOYMENTS: DeploymentsFilter = { failed: null, rework: null };

export type Scope = { team?: string | null; service?: string | null };
export type WindowParams = { from: string; to: string };

const scopeKey = (s: Scope) => (s.service ? `service:${s.service}` : s.team ? `team:${s.team}` : 'organisation');

export const queryKeys = {
  dora: (scope: Scope, w: WindowParams, compare: string) =>
    ['dora', scopeKey(scope), 'report', w.from, w.to, compare] as const,
  doraSeries: (scope: Scope, w: WindowParams, interval: 'week' | 'month') =>
    ['dora', scopeKey(scope), 'series', interval, w.from, w.to] as const,
  deployments: (scope: Scope, w: WindowParams, filter: DeploymentsFilter, pageSize: number) =>
    ['deployments', scopeKey(scope), w.from, w.to, filter.failed ?? 'all', filter.rework ?? 'all', pageSize] as const,
  changes: (scope: Scope, w: WindowParams, deployment: string | null) =>
    ['changes', scopeKey(scope), deployment ?? 'window', w.from, w.to] as const,
  serviceFigures: (team: string | null, w: WindowParams) =>
    ['dora', team ? `team:${team}` : 'organisation', 'services', w.from, w.to] as const,
  incidents: (scope: Scope, w: WindowParams) => ['incidents', scopeKey(scope), w.from, w.to] as const,
  dataQuality: () => ['data-quality'] as const,
};
