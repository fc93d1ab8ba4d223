import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ServiceListRow } from '@/scorecards/read/services-with-figures';
import { SERVICES_PAGE, ServicesTable } from './services-table';

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

const render = (n: number) =>
  renderToStaticMarkup(
    createElement(ServicesTable, {
      rows: Array.from({ length: n }, (_, i) => row(n - i)),
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
});
