import 'server-only';
import { dehydrate } from '@tanstack/react-query';
import { encodeCursor } from '@/lib/params';
import { makeQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { scopeOf } from '@/metrics/dora-report';
import { computeFigures } from '@/metrics/dora';
import { listChanges } from '@/metrics/list-changes';
import { listDeployments } from '@/metrics/list-deployments';
import { listIncidents } from '@/metrics/list-incidents';
import { resolveScope } from '@/metrics/scope';
import { getServerContext } from './context';
import type { ListParams } from './list-params';

export const PAGE_SIZE = 50;

/**
 * The first page of a drill-down list, from the function its endpoint calls, hydrated under
 * the key the client's infinite query reads (later pages come from /api/v1). Null when the
 * scope does not exist.
 */
export async function loadList(kind: 'deployments' | 'changes' | 'incidents', p: ListParams) {
  const { db, loaded } = await getServerContext();
  const scope = await resolveScope(db, scopeOf(p));
  if (!scope) return null;
  const first = { limit: PAGE_SIZE, after: null };
  const w = { from: p.from.toISOString(), to: p.to.toISOString() };
  const keyScope = { team: p.team, service: p.service };
  const [page, figures] = await Promise.all([
    kind === 'deployments'
      ? listDeployments(db, loaded.config, scope, p, { failed: p.failed, rework: p.rework }, first)
      : kind === 'changes'
        ? listChanges(db, scope, p, { deployment: p.deployment }, first)
        : listIncidents(db, loaded.config, scope, p, first),
    computeFigures(db, loaded.config, scope, p),
  ]);
  const client = makeQueryClient();
  const key =
    kind === 'deployments'
      ? queryKeys.deployments(keyScope, w, { failed: p.failed ?? null, rework: p.rework ?? null }, PAGE_SIZE)
      : kind === 'changes'
        ? queryKeys.changes(keyScope, w, p.deployment ?? null)
        : queryKeys.incidents(keyScope, w);
  client.setQueryData(key, {
    pages: [{ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }],
    pageParams: [null],
  });
  return { state: dehydrate(client), figures, window: w };
}
