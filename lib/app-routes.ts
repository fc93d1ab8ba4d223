import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every page and route handler of the app, read from the file system so a new one cannot be
 * left out: of the suites that must cover all of them (access, fuzzing, headers), and of the
 * table of methods each /api route answers (lib/allowed-methods.ts), built with the app.
 */
export interface AppRoute {
  kind: 'page' | 'route';
  /** The address pattern, e.g. `/scorecards/[id]/services/[slug]` (route groups dropped). */
  pattern: string;
  /** The dynamic segments in order, e.g. `['id', 'slug']`. */
  segments: string[];
  /** The file, relative to the repository root. */
  file: string;
  /** The HTTP methods it answers: the handlers a route file exports; GET for a page. */
  methods: string[];
}

const METHOD_EXPORT = /export\s+(?:(?:async\s+)?function|const)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b/g;

const APP = path.resolve(__dirname, '../app');

export function listAppRoutes(root = APP): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, parts: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        // `_private` folders are not routes; `(group)` folders do not appear in the address.
        if (entry.name.startsWith('_')) continue;
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? parts : [...parts, entry.name]);
        continue;
      }
      const kind = /^page\.(t|j)sx?$/.test(entry.name) ? 'page' : /^route\.(t|j)s$/.test(entry.name) ? 'route' : null;
      if (!kind) continue;
      const methods =
        kind === 'page'
          ? ['GET']
          : [...readFileSync(path.join(dir, entry.name), 'utf8').matchAll(METHOD_EXPORT)].map((m) => m[1]!);
      routes.push({
        kind,
        methods,
        pattern: `/${parts.join('/')}`,
        segments: parts.filter((p) => /^\[.+\]$/.test(p)).map((p) => p.slice(1, -1)),
        file: path.relative(path.resolve(root, '..'), path.join(dir, entry.name)),
      });
    }
  };
  walk(root, []);
  return routes;
}

/**
 * The methods each /api route file exports, by pattern: what next.config.ts gives proxy.ts at
 * build time, so a method a route does not export is answered in JSON (lib/allowed-methods.ts).
 */
export function apiMethodTable(root = APP): Record<string, string[]> {
  return Object.fromEntries(
    listAppRoutes(root)
      .filter((r) => r.kind === 'route' && r.pattern.startsWith('/api/'))
      .map((r) => [r.pattern, r.methods]),
  );
}
