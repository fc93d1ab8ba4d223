import 'server-only';
import type { z } from 'zod';
import type { Db } from '@/db/database';
import type { LoadedConfig } from '@/lib/config';
import { parseSearchParams } from '@/lib/http';
import type { ResolvedScope } from '@/metrics/scope';
import { getServerContext } from './context';
import { cursorOrError } from './respond';
import { scopeOrNotFound } from './scope';

type ListParams = { service?: string; team?: string; cursor?: string; limit: number };

/**
 * The shared first beats of a list endpoint: parse the query, decode the cursor, resolve the
 * scope. Each failure is the response to send (400 or 404).
 */
export async function parseListRequest<S extends z.ZodType<ListParams>>(
  request: Request,
  schema: S,
): Promise<
  | {
      ok: true;
      data: z.infer<S>;
      after: (string | number)[] | null;
      db: Db;
      loaded: LoadedConfig;
      scope: ResolvedScope;
    }
  | { ok: false; response: Response }
> {
  const parsed = parseSearchParams(request, schema);
  if (!parsed.ok) return parsed;
  const cursor = cursorOrError(parsed.data.cursor);
  if (!cursor.ok) return cursor;
  const { db, loaded } = await getServerContext();
  const scope = await scopeOrNotFound(db, parsed.data);
  if (!scope.ok) return scope;
  return { ok: true, data: parsed.data, after: cursor.after, db, loaded, scope: scope.scope };
}
