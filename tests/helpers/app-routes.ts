export { listAppRoutes, type AppRoute } from '../../lib/app-routes';
import type { AppRoute } from '../../lib/app-routes';

/** The address of a route with its dynamic segments filled in (values are percent-encoded unless `raw`). */
export function fillRoute(route: AppRoute, values: Record<string, string>, { raw = false } = {}): string {
  return route.pattern.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route.pattern}: no value for [${name}]`);
    return raw ? value : encodeURIComponent(value);
  });
}
