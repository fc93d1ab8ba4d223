import { describe, expect, it } from 'vitest';
import { routePatternMatcher } from './route-pattern';

describe('route patterns for request metrics', () => {
  // The shape of .next/routes-manifest.json.
  const match = routePatternMatcher({
    staticRoutes: [
      { page: '/', regex: '^/(?:/)?$' },
      { page: '/api/v1/dora', regex: '^/api/v1/dora(?:/)?$' },
    ],
    dynamicRoutes: [{ page: '/services/[slug]', regex: '^/services/([^/]+?)(?:/)?$' }],
  });
  it.each([
    ['/', '/'],
    ['/api/v1/dora', '/api/v1/dora'],
    ['/services/payments-api', '/services/[slug]'],
    ['/services/anything-anyone-sends', '/services/[slug]'],
    ['/_next/static/chunks/app.js', '/_next'],
    ['/no/such/page', 'unmatched'],
  ])('%s is counted as %s', (path, pattern) => expect(match(path)).toBe(pattern));
});
