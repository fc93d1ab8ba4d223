import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface ManifestRoute {
  page: string;
  regex: string;
}

/**
 * Maps a request path to the route pattern Next.js serves it with (`/services/[slug]`), from the
 * build's routes manifest, so metrics are labelled by pattern and never by raw address (whose
 * values are unbounded, and may be anyone's input).
 */
export function routePatternMatcher(manifest: {
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
}): (pathname: string) => string {
  const routes = [...(manifest.staticRoutes ?? []), ...(manifest.dynamicRoutes ?? [])].map((r) => ({
    page: r.page,
    regex: new RegExp(r.regex),
  }));
  return (pathname) => {
    if (pathname.startsWith('/_next/')) return '/_next';
    return routes.find((r) => r.regex.test(pathname))?.page ?? 'unmatched';
  };
}

/** The matcher of the build in `dir` (`.next`), or one that knows no route when there is no build yet (dev). */
export function loadRoutePatterns(dir: string): (pathname: string) => string {
  const file = path.join(dir, 'routes-manifest.json');
  if (!existsSync(file)) return routePatternMatcher({});
  return routePatternMatcher(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof routePatternMatcher>[0]);
}
