/**
 * The routes whose GET responses depend only on what their cache key names (lib/response-cache):
 * the request, who asks, the figure and collection generations, the configuration, the
 * scorecards file and the UTC day. Pages that show live state (the data-quality page's running
 * sync, digests, administration, sign-in) and routes that write are not among them.
 */
const PAGES = [
  /^\/$/,
  /^\/(teams|services|scorecards)(\/[^/]+)?$/,
  /^\/(roadmap|compare|deployments|incidents|changes)$/,
  /^\/initiatives(\/[^/]+)?$/,
];
const API = [
  /^\/api\/v1\/dora(\/series)?$/,
  /^\/api\/v1\/(teams|services)(\/[^/]+)?$/,
  /^\/api\/v1\/scorecards(\/[^/]+(\/history|\/impact|\/services\/[^/]+)?)?$/,
  /^\/api\/v1\/(targets|deployments|incidents|changes)$/,
  /^\/api\/v1\/initiatives(\/[^/]+)?$/,
];

export function isCacheableRoute(pathname: string): boolean {
  return PAGES.some((route) => route.test(pathname)) || API.some((route) => route.test(pathname));
}

/**
 * The request headers a response may vary on, all part of the key: Next.js's router headers
 * (a client navigation asks for a React Server Component payload of part of the page), the
 * host and scheme the page was asked under, and what was accepted.
 */
export const KEYED_HEADERS: ReadonlySet<string> = new Set([
  'rsc',
  'next-router-state-tree',
  'next-router-prefetch',
  'next-router-segment-prefetch',
  'next-url',
  'host',
  'x-forwarded-host',
  'x-forwarded-proto',
  'accept',
]);
