import type { NextResponse } from 'next/server';
import { apiError } from './http';

/**
 * A method an /api route does not export is answered with a JSON 405 and an `Allow` header, like
 * every other API error, instead of Next.js's empty one. The methods come from the route files
 * themselves: next.config.ts (and vitest.config.mts) read them with lib/app-routes.ts when the app
 * is built and hand them over as PAVED_API_METHODS, so the table cannot drift from the routes.
 */

type MethodTable = Record<string, string[]>;

let table: MethodTable | undefined;
function methodTable(): MethodTable {
  // Written out in full: Next.js inlines `env` from next.config.ts only where it sees the name.
  table ??= JSON.parse(process.env.PAVED_API_METHODS ?? '{}') as MethodTable;
  return table;
}

/** A segment's rank in Next.js's choice between patterns: static before dynamic before catch-all. */
const rank = (part: string) =>
  part.startsWith('[[...') ? 3 : part.startsWith('[...') ? 2 : part.startsWith('[') ? 1 : 0;

function fits(want: readonly string[], parts: readonly string[]): boolean {
  for (let i = 0; i < want.length; i++) {
    const r = rank(want[i]!);
    if (r === 3) return true;
    if (r === 2) return i < parts.length && parts[i] !== '';
    if (i >= parts.length || (r === 1 ? parts[i] === '' : want[i] !== parts[i])) return false;
  }
  return parts.length === want.length;
}

/** The pattern Next.js serves `pathname` with, or null when no /api route matches. */
export function routePattern(patterns: readonly string[], pathname: string): string | null {
  let parts: string[];
  try {
    parts = pathname.split('/').map(decodeURIComponent);
  } catch {
    return null;
  }
  const specificity = (pattern: string) => pattern.split('/').map(rank);
  const candidates = patterns
    .filter((p) => fits(p.split('/'), parts))
    .sort((a, b) => {
      const [x, y] = [specificity(a), specificity(b)];
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return y.length - x.length;
    });
  return candidates[0] ?? null;
}

/** What a route answers: its exports, HEAD with GET, and OPTIONS (Next.js implements both). */
export function allowedMethods(exported: readonly string[]): string[] {
  const allowed = new Set(exported);
  if (allowed.has('GET')) allowed.add('HEAD');
  allowed.add('OPTIONS');
  return [...allowed].sort();
}

/** The JSON 405 for a method the matched /api route does not answer; null when it does, or no route matches. */
export function refuseUnsupportedMethod(
  method: string,
  pathname: string,
  methods = methodTable(),
): NextResponse | null {
  const pattern = routePattern(Object.keys(methods), pathname);
  if (!pattern) return null;
  const allowed = allowedMethods(methods[pattern]!);
  if (allowed.includes(method.toUpperCase())) return null;
  const response = apiError(
    405,
    'method_not_allowed',
    `${method} is not supported here; allowed: ${allowed.join(', ')}`,
  );
  response.headers.set('allow', allowed.join(', '));
  return response;
}
