import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { SERVICES_PAGE } from '@/lib/service-list-order';
import { ServicesTable } from './services-table';

const row = (i: number): ServiceListRow => ({
  slug: `svc-${String(i).padStart(4, '0')}`,
  name: `Service ${String(i).padStart(4, '0')}`,
  team: null,
  tier: null,
  lifecycle: null,
  deployments: i,
  perWeek: i / 13,
  deploymentLevel: null,
  leadTimeSeconds: null,
  leadTimeLevel: null,
  failureRate: null,
  failed: 0,
  failureLevel: null,
  recoverySeconds: null,
  recoveryLevel: null,
  scorecardLevel: null,
  scorecardScore: null,
  levelStatus: { perWeek: 'ok', leadTimeSeconds: 'ok', failureRate: 'ok', recoverySeconds: 'ok' },
});

const render = (n: number, rest?: { total: number; error: string | null; retry: () => void }) =>
  renderToStaticMarkup(
    createElement(ServicesTable, {
      rows: Array.from({ length: n }, (_, i) => row(n - i)),
      rest,
      drill: (path: string) => path,
      scorecardName: null,
    }),
  );
const renderedServices = (html: string) => [...html.matchAll(/<tr data-service="([^"]+)"/g)].map((m) => m[1]);

describe('the services table', () => {
  it('renders the first page of a long list, in the sorted order, and offers the rest', () => {
    const html = render(SERVICES_PAGE + 37);
    const shown = renderedServices(html);
    expect(shown).toHaveLength(SERVICES_PAGE);
    // Sorted by name before the cut: the first names, not the first rows given.
    expect(shown[0]).toBe('svc-0001');
    expect(shown.at(-1)).toBe(`svc-${String(SERVICES_PAGE).padStart(4, '0')}`);
    expect(html).toContain(`${SERVICES_PAGE + 37} of ${SERVICES_PAGE + 37} services`);
    expect(html).toContain('data-testid="services-more"');
    expect(html).toContain('Show 37 more');
    expect(html).toContain(`Show all ${SERVICES_PAGE + 37}`);
  });

  it('renders a short list whole, with nothing more to show', () => {
    const html = render(23);
    expect(renderedServices(html)).toHaveLength(23);
    expect(html).not.toContain('services-more');
  });

  it('while the rest of the list loads, shows the first rows by name and holds search and sort', () => {
    const html = render(SERVICES_PAGE, { total: 1000, error: null, retry: () => {} });
    expect(renderedServices(html)).toHaveLength(SERVICES_PAGE);
    expect(html).toContain(`The first ${SERVICES_PAGE} of 1000 services by name; loading the rest…`);
    expect(html).toMatch(/<input id="service-search"[^>]* disabled=""/);
    expect(html.match(/<button type="button" class="sort-button" disabled=""/g)).toHaveLength(7);
    expect(html).not.toContain('services-more');
    expect(html).not.toContain('services-rest-error');
  });

  it('says when the rest of the list could not be loaded, and offers to try again', () => {
    const html = render(SERVICES_PAGE, {
      total: 1000,
      error: '/api/v1/dora/services: 503 Service Unavailable',
      retry: () => {},
    });
    expect(html).toContain('the rest could not be loaded');
    expect(html).toContain('data-testid="services-rest-error"');
    expect(html).toContain('503 Service Unavailable');
    expect(html).toContain('>Retry</button>');
  });

  it('holds nothing once every row is here', () => {
    const html = render(SERVICES_PAGE + 1);
    expect(html).not.toContain('disabled=""');
  });
});
