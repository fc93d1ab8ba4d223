import 'server-only';
import type { Db } from '@/db/database';
import { notFound } from '@/lib/http';
import { scopeOf, type ScopeParam } from '@/metrics/dora-report';
import { resolveScope, type ResolvedScope } from '@/metrics/scope';

/** The scope a list endpoint filters by, or a 404 naming the unknown service or team. */
export async function scopeOrNotFound(
  db: Db,
  param: ScopeParam,
): Promise<{ ok: true; scope: ResolvedScope } | { ok: false; response: Response }> {
  const scope = await resolveScope(db, scopeOf(param));
  if (scope) return { ok: true, scope };
  return { ok: false, response: notFound(param.service ? `no service "${param.service}"` : `no team "${param.team}"`) };
}
